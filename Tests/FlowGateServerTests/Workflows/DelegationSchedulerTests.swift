import FlowGateApp
import FlowGateCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FlowGateServer

/// Delegate After: the scheduler's use case (Business Central's report 1511) on requests sent through the API.
@Suite("Delegate After: overdue approval requests move to the substitute")
struct DelegationSchedulerTests {
    /// Monday 2025-03-10 08:00 UTC, when ALICE sends.
    static let sentAt = Date(timeIntervalSince1970: 1_741_593_600)

    /// Runs `body` against the application with its clock stopped at `sentAt`.
    ///
    /// The application runs its own DelegationScheduler; with the real clock it would delegate the
    /// requests sent in 2025 as soon as it starts, so every call here goes through the stopped clock.
    static func atSendingTime<Value: Sendable>(
        _ gateway: TestGateway, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let configuration = GatewayConfiguration(host: "127.0.0.1", port: 0, store: gateway.storeConfiguration, logLevel: .warning)
        return try await buildApplication(configuration, store: gateway.store, now: { sentAt }).test(.router, body)
    }

    /// SOAPW (a copy of MS-SOAPW whose CREATEAPPROVALREQUESTS has `delegateAfter`) enabled, and S-ORD10001 sent by
    /// ALICE at `sentAt`: entry 1 ALICE Approved, entry 2 BOB Open.
    static func sendAtFixedTime(_ gateway: TestGateway, delegateAfter: String?) async throws {
        try await atSendingTime(gateway) { client in
            try await WorkflowCalls.enableCopy(client, gateway, "MS-SOAPW", as: "SOAPW", delegateAfter: delegateAfter)
            let sent = try await WorkflowCalls.send(client, gateway, WorkflowCalls.demoOrder(gateway), key: "ALICE")
            #expect(sent.status == .ok, "\(sent.text)")
            let bobs = sent["approvalEntries"]?.array?.last
            #expect(bobs?["approverId"]?.string == "BOB")
            #expect(bobs?["dateTimeSentForApproval"]?.string == "2025-03-10T08:00:00Z")
        }
    }

    /// One run of the scheduler's use case with the clock at `hours` after `sentAt`; how many entries moved.
    static func delegateOverdue(_ gateway: TestGateway, hoursAfterSending hours: Int) async throws -> Int {
        let now = sentAt.addingTimeInterval(Double(hours) * 3600)
        let app = Gateway(store: gateway.store, outbox: Outbox(baseURL: "http://127.0.0.1"), now: { now })
        return try await app.approvals.delegateOverdueEntries()
    }

    static func entry(_ client: any TestClientProtocol, _ gateway: TestGateway, _ entryNo: Int) async throws -> APIResponse {
        try await client.call(.get, "\(companyPath)/approvalEntries/\(entryNo)", key: gateway.key("admin"))
    }

    static func notifications(_ client: any TestClientProtocol, _ gateway: TestGateway, _ user: String) async throws -> [JSONValue] {
        try await client.call(.get, "\(companyPath)/notificationEntries", key: gateway.key(user))["value"]?.array ?? []
    }

    @Test("1 day, two days later: BOB's open entry moves in place to CAROL (his substitute), CAROL is notified and approves")
    func overdueEntryMovesToSubstitute() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await Self.sendAtFixedTime(gateway, delegateAfter: "1 day")
        try await Self.atSendingTime(gateway) { client in
            let before = try await Self.entry(client, gateway, 2)
            #expect(before["delegationDateFormula"]?.string == "<1D>")
            #expect(try await Self.notifications(client, gateway, "CAROL").isEmpty)

            #expect(try await Self.delegateOverdue(gateway, hoursAfterSending: 48) == 1)

            let after = try await Self.entry(client, gateway, 2)
            #expect(after["approverId"]?.string == "CAROL")
            #expect(after["status"]?.string == "Open")
            #expect(after["sequenceNo"] == before["sequenceNo"])
            let order = WorkflowCalls.demoOrder(gateway)
            #expect(try await ApprovalScenarioTests.entries(client, gateway, record: order) == ["ALICE:Approved", "CAROL:Open"])
            let carols = try await Self.notifications(client, gateway, "CAROL")
            #expect(carols.count == 1)
            #expect(carols.first?["type"]?.string == "Approval")
            #expect(carols.first?["approvalEntryNo"]?.decimal == 2)

            #expect(try await client.call(.post, "\(companyPath)/approvalEntries/2/approve", key: gateway.key("BOB")).status == .forbidden)
            let approved = try await client.call(.post, "\(companyPath)/approvalEntries/2/approve", key: gateway.key("CAROL"))
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(try await ApprovalScenarioTests.record(client, gateway, order)["status"]?.string == "Released")
        }
    }

    @Test("1 day, twelve hours later (the same calendar day): nothing moves")
    func sameDayIsNotOverdue() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await Self.sendAtFixedTime(gateway, delegateAfter: "1 day")
        try await Self.atSendingTime(gateway) { client in
            let before = try await Self.entry(client, gateway, 2)
            #expect(try await Self.delegateOverdue(gateway, hoursAfterSending: 12) == 0)
            #expect(try await Self.entry(client, gateway, 2).json == before.json)
            #expect(try await Self.notifications(client, gateway, "CAROL").isEmpty)
        }
    }

    /// A Delegate After option, hours after sending, and whether BOB's entry must have moved.
    struct Case: Sendable, CustomTestStringConvertible {
        var delegateAfter: String?
        var hours: Int
        var moves: Bool
        var testDescription: String { "\(delegateAfter ?? "unset") after \(hours) h → \(moves ? "moves" : "stays")" }
    }

    /// Report 1511 compares dates: CalcDate(formula, DT2Date(sent)) <= Today; sent at 08:00, so 16 h later is the next day.
    static let cases: [Case] = [
        Case(delegateAfter: "1 day", hours: 15, moves: false),
        Case(delegateAfter: "1 day", hours: 16, moves: true),
        Case(delegateAfter: "2 days", hours: 39, moves: false),
        Case(delegateAfter: "2 days", hours: 40, moves: true),
        Case(delegateAfter: "5 days", hours: 111, moves: false),
        Case(delegateAfter: "5 days", hours: 112, moves: true),
        Case(delegateAfter: "Never", hours: 24 * 30, moves: false),
        Case(delegateAfter: nil, hours: 24 * 30, moves: false),
    ]

    @Test("The delay is counted in calendar days from the day the request was sent", arguments: cases)
    func delayInCalendarDays(_ test: Case) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await Self.sendAtFixedTime(gateway, delegateAfter: test.delegateAfter)
        #expect(try await Self.delegateOverdue(gateway, hoursAfterSending: test.hours) == (test.moves ? 1 : 0))
        let approver = try await Self.atSendingTime(gateway) { client in try await Self.entry(client, gateway, 2)["approverId"]?.string }
        #expect(approver == (test.moves ? "CAROL" : "BOB"))
    }

    @Test("An entry decided before the delay passed is left alone: approved by BOB, nothing moves two days later")
    func decidedEntryIsNotDelegated() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await Self.sendAtFixedTime(gateway, delegateAfter: "1 day")
        try await Self.atSendingTime(gateway) { client in
            #expect(try await client.call(.post, "\(companyPath)/approvalEntries/2/approve", key: gateway.key("BOB")).status == .ok)
            #expect(try await Self.delegateOverdue(gateway, hoursAfterSending: 48) == 0)
            let entry = try await Self.entry(client, gateway, 2)
            #expect(entry["approverId"]?.string == "BOB")
            #expect(entry["status"]?.string == "Approved")
            #expect(try await Self.notifications(client, gateway, "CAROL").isEmpty)
        }
    }

    @Test("A canceled request is left alone: nothing moves after ALICE cancels")
    func canceledRequestIsNotDelegated() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await Self.sendAtFixedTime(gateway, delegateAfter: "1 day")
        try await Self.atSendingTime(gateway) { client in
            let order = WorkflowCalls.demoOrder(gateway)
            let canceled = try await client.call(.post, "\(companyPath)/salesDocuments/\(order)/cancelApprovalRequest", key: gateway.key("ALICE"))
            #expect(canceled.status == .ok)
            #expect(try await Self.delegateOverdue(gateway, hoursAfterSending: 48) == 0)
            #expect(try await ApprovalScenarioTests.entries(client, gateway, record: order) == ["ALICE:Canceled", "BOB:Canceled"])
        }
    }

    @Test("The application's own scheduler service delegates on start: with the real clock, BOB's 2025 request moves to CAROL")
    func applicationSchedulerDelegates() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await Self.sendAtFixedTime(gateway, delegateAfter: "1 day")
        let approver = try await gateway.test { client in
            var approver: String?
            for _ in 0..<200 {
                approver = try await Self.entry(client, gateway, 2)["approverId"]?.string
                if approver == "CAROL" { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            return approver
        }
        #expect(approver == "CAROL")
    }
}
