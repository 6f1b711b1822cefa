import Foundation
import Testing

@testable import FlowGateCore

@Suite("Engine: the customer, vendor and item approval templates, end to end")
struct RecordApprovalTemplateRunTests {
    static let cases: [(String, EntitySet)] = [("MS-CUSTAPW", .customers), ("MS-VENDAPW", .vendors), ("MS-ITEMAPW", .items)]

    static func fixture(_ code: String, _ entitySet: EntitySet) -> EngineFixture {
        EngineFixture(record: EngineFixture.masterRecord(entitySet, number: "R10000"), templates: [code])
    }

    @Test("Send restricts the record (no status to change) and opens an entry for ALICE's direct approver BOB", arguments: cases)
    func send(code: String, entitySet: EntitySet) throws {
        var fixture = Self.fixture(code, entitySet)
        try fixture.send()
        #expect(fixture.entrySummary == ["BOB:Open"])
        #expect(fixture.record.restricted && fixture.record.status == .open)
        #expect(fixture.messages == ["An approval request has been sent."])
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 4])
        #expect(fixture.stepIds(.active) == [5, 7, 9, 11, 15])
        let second = #expect(throws: FlowGateError.self) { try fixture.send() }
        #expect(second?.type == "approval-pending", "the record has no Pending Approval status, but its open entry still blocks a second send")
    }

    @Test("Approve allows usage again and leaves the status alone", arguments: cases)
    func approve(code: String, entitySet: EntitySet) throws {
        var fixture = Self.fixture(code, entitySet)
        try fixture.send()
        try fixture.approve(1, by: "BOB")
        #expect(!fixture.record.restricted && fixture.record.status == .open)
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 4, 5, 6])
        #expect(fixture.stepIds(.ignored) == [7, 9, 11, 15])
        #expect(!fixture.anyStepProcessing)
    }

    @Test("Reject rejects every entry and tells the sender; the record stays restricted (the template has no allow step there)", arguments: cases)
    func reject(code: String, entitySet: EntitySet) throws {
        var fixture = Self.fixture(code, entitySet)
        try fixture.send()
        try fixture.reject(1, by: "BOB")
        #expect(fixture.entrySummary == ["BOB:Rejected"])
        #expect(fixture.record.restricted)
        #expect(fixture.notifications.last?.recipientUserId == "ALICE")
        #expect(fixture.stepIds(.active).isEmpty && !fixture.anyStepProcessing)
    }

    @Test("Cancel cancels, allows usage and shows the message; delegate moves the entry to the substitute", arguments: cases)
    func cancelAndDelegate(code: String, entitySet: EntitySet) throws {
        var canceled = Self.fixture(code, entitySet)
        try canceled.send()
        try canceled.cancel(by: "ALICE")
        #expect(canceled.entrySummary == ["BOB:Canceled"] && !canceled.record.restricted)
        #expect(canceled.messages == ["The approval request for the record has been canceled."])

        var delegated = Self.fixture(code, entitySet)
        try delegated.send()
        try delegated.delegate(1, by: "ALICE")
        #expect(delegated.entrySummary == ["CAROL:Open"])
        try delegated.approve(1, by: "CAROL")
        #expect(!delegated.record.restricted)
    }
}

/// A field-change template case: the record, its field and the event a change of it raises.
struct FieldChangeCase: Sendable, CustomTestStringConvertible {
    let code: String
    let entitySet: EntitySet
    let field: String
    let event: String
    let message: String
    var testDescription: String { code }
}

@Suite("Engine: the field-change templates MS-CCLCAPW and MS-IUPCAPW")
struct FieldChangeTemplateRunTests {
    static let cases: [FieldChangeCase] = [
        .init(
            code: "MS-CCLCAPW", entitySet: .customers, field: "creditLimitLCY", event: WorkflowEvents.customerChanged,
            message: "The customer credit limit change was sent for approval."
        ),
        .init(
            code: "MS-IUPCAPW", entitySet: .items, field: "unitPrice", event: WorkflowEvents.itemChanged,
            message: "The item unit price change was sent for approval."
        ),
    ]

    /// The record changed from 1,000 to `new` by ALICE; group APPROVERS: BOB and CAROL in parallel.
    static func changed(_ c: FieldChangeCase, to new: Decimal = 2500) throws -> (EngineFixture, WorkflowOutcome) {
        let before = EngineFixture.masterRecord(c.entitySet, number: "R10000", fields: [c.field: .number(1000), "name": "Adatum"])
        var after = before
        after.fields[c.field] = .number(new)
        var fixture = EngineFixture(record: after, templates: [c.code], edit: EngineFixture.groupCode("APPROVERS"))
        fixture.groups = [EngineFixture.group("APPROVERS", [("BOB", 1), ("CAROL", 1)])]
        fixture.previousRecord = before
        let outcome = try fixture.raise(WorkflowEvent(c.event))
        return (fixture, outcome)
    }

    @Test("An increase is reverted and kept as a change request; the group's requests open; the message is shown", arguments: cases)
    func held(_ c: FieldChangeCase) throws {
        let (fixture, outcome) = try Self.changed(c)
        #expect(outcome.handled)
        #expect(fixture.record.fields[c.field] == .number(1000))
        let instance = try #require(fixture.latestInstanceId)
        #expect(fixture.recordChanges == [WorkflowRecordChange(fieldName: c.field, oldValue: .number(1000), newValue: .number(2500), instanceId: instance)])
        #expect(fixture.entrySequenceSummary == ["BOB:Open@1", "CAROL:Open@1"])
        #expect(fixture.entries.allSatisfy { $0.approvalType == .workflowUserGroup && $0.limitType == .noLimits })
        #expect(fixture.messages == [c.message])
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 4, 5])
        #expect(fixture.stepIds(.active) == [6, 8, 10, 13])
    }

    @Test("Approved by every member: APPLYNEWVALUES writes the new value back and the change request is gone", arguments: cases)
    func applied(_ c: FieldChangeCase) throws {
        var (fixture, _) = try Self.changed(c)
        try fixture.approve(1, by: "BOB")
        #expect(fixture.record.fields[c.field] == .number(1000), "one parallel member approving is not enough")
        #expect(fixture.recordChanges.count == 1)
        try fixture.approve(2, by: "CAROL")
        #expect(fixture.record.fields[c.field] == .number(2500))
        #expect(fixture.record.fields["name"] == "Adatum")
        #expect(fixture.recordChanges.isEmpty)
        #expect(fixture.stepIds(.active).isEmpty && !fixture.anyStepProcessing)
    }

    @Test("Rejected: DISCARDNEWVALUES drops the change, the old value stays, every entry is rejected", arguments: cases)
    func discarded(_ c: FieldChangeCase) throws {
        var (fixture, _) = try Self.changed(c)
        try fixture.reject(2, by: "CAROL")
        #expect(fixture.record.fields[c.field] == .number(1000))
        #expect(fixture.recordChanges.isEmpty)
        #expect(fixture.entrySummary == ["BOB:Rejected", "CAROL:Rejected"])
        #expect(fixture.notifications.last?.recipientUserId == "ALICE")
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 4, 5, 10, 11, 12])
        #expect(fixture.stepIds(.active).isEmpty && !fixture.anyStepProcessing)
    }

    @Test("The sender alone in the group: her entry is born Approved and the change applies within the same event", arguments: cases)
    func senderAlone(_ c: FieldChangeCase) throws {
        let before = EngineFixture.masterRecord(c.entitySet, number: "R10000", fields: [c.field: .number(1000)])
        var after = before
        after.fields[c.field] = .number(2500)
        var fixture = EngineFixture(record: after, templates: [c.code], edit: EngineFixture.groupCode("SOLO"))
        fixture.groups = [EngineFixture.group("SOLO", [("ALICE", 1)])]
        fixture.previousRecord = before
        _ = try fixture.raise(WorkflowEvent(c.event))
        #expect(fixture.entrySummary == ["ALICE:Approved"])
        // The approval event raised by the send waits until the message step has run and the branches wait, then applies.
        #expect(fixture.record.fields[c.field] == .number(2500) && fixture.recordChanges.isEmpty)
        #expect(fixture.messages == [c.message])
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 4, 5, 6, 7] && fixture.stepIds(.active).isEmpty)
    }

    @Test("The rule is Increased: a decrease or an unchanged value starts nothing", arguments: cases)
    func notIncreased(_ c: FieldChangeCase) throws {
        let (decreased, outcome) = try Self.changed(c, to: 500)
        #expect(!outcome.handled && decreased.stepInstances.isEmpty && decreased.record.fields[c.field] == .number(500))
        let (unchanged, same) = try Self.changed(c, to: 1000)
        #expect(!same.handled && unchanged.entries.isEmpty)
    }
}

@Suite("Engine: MS-OVERDUE, the overdue notification job")
struct OverdueTemplateRunTests {
    /// A sales order of 8,000 sent under MS-SOAPW with BOB's entry open and CAROL's created, MS-OVERDUE enabled.
    static func pendingOrder(dueDateFormula: String? = nil) throws -> EngineFixture {
        var fixture = EngineFixture(
            record: EngineFixture.salesOrder(amount: 8000), templates: ["MS-SOAPW", "MS-OVERDUE"],
            edit: { workflow in
                guard let formula = dueDateFormula else { return }
                for index in workflow.steps.indices where workflow.steps[index].functionName == WorkflowResponses.createApprovalRequests {
                    workflow.steps[index].argument?.dueDateFormula = formula
                }
            }
        )
        try fixture.send()
        return fixture
    }

    @Test("Open entries due today or earlier get an Overdue notification to their approver; created ones do not; entries are untouched")
    func dueToday() throws {
        var fixture = try Self.pendingOrder()
        let before = fixture.entries
        let notified = fixture.notifications.count
        let outcome = try fixture.raise(WorkflowEvent(WorkflowEvents.sendOverdueNotifications), by: "JOBQUEUE")
        #expect(outcome.handled)
        let overdue = fixture.notifications.dropFirst(notified)
        #expect(overdue.map(\.type) == [.overdue])
        #expect(overdue.map(\.recipientUserId) == ["BOB"])
        #expect(overdue.map(\.approvalEntryNo) == [2])
        #expect(fixture.entries == before)
        #expect(fixture.record.status == .pendingApproval)
        #expect(!fixture.anyStepProcessing)
        // The job's own run ends at once and does not disturb the approval run.
        try fixture.approve(2, by: "BOB")
        try fixture.approve(3, by: "CAROL")
        #expect(fixture.record.status == .released)
    }

    @Test("With a due date formula of <2D>, nothing is overdue until two days later")
    func dueLater() throws {
        var fixture = try Self.pendingOrder(dueDateFormula: "<2D>")
        for (days, expected) in [(0, 0), (1, 0), (2, 1), (5, 1)] {
            var job = fixture
            job.now = fixture.now.addingTimeInterval(Double(days) * 86_400)
            let notified = job.notifications.count
            _ = try job.raise(WorkflowEvent(WorkflowEvents.sendOverdueNotifications), by: "JOBQUEUE")
            #expect(job.notifications.dropFirst(notified).filter { $0.type == .overdue }.count == expected, "after \(days) days")
        }
        fixture.now = fixture.now.addingTimeInterval(2 * 86_400)
        try fixture.approve(2, by: "BOB")
        _ = try fixture.raise(WorkflowEvent(WorkflowEvents.sendOverdueNotifications), by: "JOBQUEUE")
        // CAROL's entry was created with BOB's, so it has the same due date and is overdue as soon as it opens.
        #expect(fixture.notifications.last?.recipientUserId == "CAROL" && fixture.notifications.last?.type == .overdue)
    }

    @Test("The job ends with Business Central's message 'Overdue approval entries have been created.'")
    func overdueMessage() throws {
        var fixture = try Self.pendingOrder()
        _ = try fixture.raise(WorkflowEvent(WorkflowEvents.sendOverdueNotifications), by: "JOBQUEUE")
        #expect(fixture.messages == ["Overdue approval entries have been created."])
    }
}
