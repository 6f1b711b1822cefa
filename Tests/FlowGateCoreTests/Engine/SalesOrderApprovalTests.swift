import Foundation
import Testing

@testable import FlowGateCore

@Suite("Engine: a sales order under a copy of MS-SOAPW, the issue's scenarios")
struct SalesOrderApprovalTests {
    @Test("3,000 by ALICE: her entry born Approved, BOB's opens, the order pending and restricted; BOB approves → Released")
    func approvedByBob() throws {
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 3000))
        let sent = try fixture.send()
        #expect(sent.workflowCode == "SOAPW")
        #expect(fixture.entrySummary == ["ALICE:Approved", "BOB:Open"])
        #expect(fixture.record.status == .pendingApproval)
        #expect(fixture.record.restricted)
        #expect(fixture.entries.allSatisfy { $0.senderId == "ALICE" && $0.approvalCode == "SOAPW" })
        #expect(fixture.entries.map(\.sequenceNo) == [1, 2])
        #expect(fixture.notifications.map(\.recipientUserId) == ["BOB"])
        #expect(fixture.activeEvents.filter { $0 == WorkflowEvents.approveApprovalRequest }.count == 2)

        try fixture.approve(2, by: "BOB", comment: "fine")
        #expect(fixture.record.status == .released)
        #expect(!fixture.record.restricted)
        #expect(fixture.entrySummary == ["ALICE:Approved", "BOB:Approved"])
        #expect(fixture.entries[1].comments.map(\.text) == ["fine"])
        #expect(fixture.activeEvents.isEmpty)
        #expect(!fixture.stepInstances.contains { $0.status == .processing || $0.status == .active })
    }

    @Test("8,000: BOB's entry first; CAROL's opens only after BOB approves; CAROL approves → Released")
    func chainToCarol() throws {
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 8000))
        try fixture.send()
        #expect(fixture.entrySummary == ["ALICE:Approved", "BOB:Open", "CAROL:Created"])
        try fixture.approve(2, by: "BOB")
        #expect(fixture.entrySummary == ["ALICE:Approved", "BOB:Approved", "CAROL:Open"])
        #expect(fixture.record.status == .pendingApproval)
        try fixture.approve(3, by: "CAROL")
        #expect(fixture.record.status == .released)
        #expect(!fixture.record.restricted)
    }

    @Test("Reject after BOB approved: the order reopens and every entry not rejected or canceled is Rejected")
    func rejectReopens() throws {
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 8000))
        try fixture.send()
        try fixture.approve(2, by: "BOB")
        try fixture.reject(3, by: "CAROL", comment: "too much")
        #expect(fixture.entrySummary == ["ALICE:Rejected", "BOB:Rejected", "CAROL:Rejected"])
        #expect(fixture.record.status == .open)
        #expect(fixture.record.restricted, "MS-SOAPW's reject branch reopens but does not allow usage, as in Business Central")
        #expect(fixture.entries[2].comments.map(\.text) == ["too much"])
        #expect(fixture.notifications.last?.recipientUserId == "ALICE")
        #expect(fixture.activeEvents.isEmpty)
    }

    @Test("Cancel by ALICE cancels every entry, allows usage, reopens, and shows Business Central's message")
    func cancelBySender() throws {
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 3000))
        try fixture.send()
        try fixture.cancel(by: "ALICE")
        #expect(fixture.entrySummary == ["ALICE:Canceled", "BOB:Canceled"])
        #expect(fixture.record.status == .open)
        #expect(!fixture.record.restricted)
        #expect(fixture.messages == ["The approval request for the record has been canceled."])
    }

    @Test("Cancel by someone who neither sent it nor administers approvals is forbidden")
    func cancelByStranger() throws {
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 3000))
        try fixture.send()
        let error = #expect(throws: FlowGateError.self) { try fixture.cancel(by: "BOB") }
        #expect(error?.kind == .forbidden)
        try fixture.cancel(by: "CAROL")
        #expect(fixture.record.status == .open)
    }

    @Test("Delegate moves the open entry in place to BOB's substitute CAROL, who then approves")
    func delegateToSubstitute() throws {
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 3000))
        try fixture.send()
        try fixture.delegate(2, by: "BOB")
        #expect(fixture.entrySummary == ["ALICE:Approved", "CAROL:Open"])
        #expect(fixture.entries[1].sequenceNo == 2)
        #expect(fixture.notifications.last?.recipientUserId == "CAROL")
        let error = #expect(throws: FlowGateError.self) { try fixture.approve(2, by: "BOB") }
        #expect(error?.kind == .forbidden)
        try fixture.approve(2, by: "CAROL")
        #expect(fixture.record.status == .released)
    }

    @Test("Business Central's messages: approving a closed entry, no workflow, a second send")
    func errors() throws {
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 3000))
        try fixture.send()
        let second = #expect(throws: FlowGateError.self) { try fixture.send() }
        #expect(second?.type == "approval-pending")
        try fixture.approve(2, by: "BOB")
        let closed = #expect(throws: FlowGateError.self) { try fixture.approve(2, by: "BOB") }
        #expect(closed?.detail == "You can only approve open approval requests.")
        #expect(closed?.kind == .conflict)

        var none = EngineFixture(record: EngineFixture.salesOrder(amount: 3000), templates: [])
        let missing = #expect(throws: FlowGateError.self) { try none.send() }
        #expect(missing?.type == "no-approval-workflow")
        #expect(missing?.detail == "No approval workflow for this record type is enabled.")
        #expect(none.record.status == .open)

        var invoice = EngineFixture(record: EngineFixture.salesOrder(amount: 3000, type: .invoice))
        let wrongType = #expect(throws: FlowGateError.self) { try invoice.send() }
        #expect(wrongType?.type == "no-approval-workflow")
    }

    @Test("The sender's own limit suffices: auto-approved and released at once, with Business Central's message")
    func autoApproval() throws {
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 50))
        try fixture.send()
        #expect(fixture.entrySummary == ["ALICE:Approved"])
        #expect(fixture.record.status == .released)
        #expect(!fixture.record.restricted)
        #expect(fixture.messages.last == "Sales Order S-ORD10001 has been automatically approved. The status has been changed to Released.")
    }

    @Test("No qualified approver: the send fails with Business Central's message and nothing changes")
    func noQualifiedApprover() throws {
        let setups = [
            EngineFixture.setup("ALICE", approver: "BOB", limit: 100, code: "AL"),
            EngineFixture.setup("BOB", limit: 5000),
        ]
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 8000), setups: setups)
        let error = #expect(throws: FlowGateError.self) { try fixture.send() }
        #expect(error?.detail == "No qualified approver was found.")
        #expect(fixture.entries.isEmpty && fixture.stepInstances.isEmpty)
        #expect(fixture.record.status == .open)
    }
}
