import Foundation
import Testing

@testable import FlowGateCore

@Suite("Engine: due dates from the Due Date Formula")
struct DueDateTests {
    static let day: TimeInterval = 86_400
    static var today: Date { EngineFixture.start.startOfUTCDay }

    /// An 8,000 order up ALICE's approver chain: her own entry, BOB's (open) and CAROL's (created), all due the same day.
    static func sent(dueDateFormula: String?, delegateAfter: DelegateAfter? = nil) throws -> EngineFixture {
        var fixture = EngineFixture(
            record: EngineFixture.salesOrder(amount: 8000),
            edit: EngineFixture.approvers(.approver, .approverChain, dueDateFormula: dueDateFormula, delegateAfter: delegateAfter)
        )
        try fixture.send()
        return fixture
    }

    @Test("Due Date = CalcDate(formula, Today) for every entry of the step; blank means today", arguments: [
        (String?.none, 0.0), ("", 0), ("<2D>", 2), ("2D", 2), ("1W", 7), ("<1W+1D>", 8),
    ])
    func dueDate(formula: String?, days: Double) throws {
        let fixture = try Self.sent(dueDateFormula: formula)
        #expect(fixture.entries.count == 3)
        #expect(fixture.entries.allSatisfy { $0.dueDate == Self.today.addingTimeInterval(days * Self.day) })
    }

    @Test("An entry is overdue only after its due date, and only while Created or Open")
    func overdue() throws {
        var fixture = try Self.sent(dueDateFormula: "<2D>")
        let bob = fixture.entries[1]
        #expect(!bob.isOverdue(today: Self.today.addingTimeInterval(2 * Self.day)))
        #expect(bob.isOverdue(today: Self.today.addingTimeInterval(3 * Self.day)))
        try fixture.approve(2, by: "BOB")
        #expect(!fixture.entries[1].isOverdue(today: Self.today.addingTimeInterval(30 * Self.day)))
    }

    @Test("Delegate After becomes the entry's delegation formula: Never → none, 1/2/5 days → <1D>/<2D>/<5D>", arguments: [
        (DelegateAfter?.none, String?.none), (.never, nil), (.oneDay, "<1D>"), (.twoDays, "<2D>"), (.fiveDays, "<5D>"),
    ])
    func delegationFormula(delegateAfter: DelegateAfter?, formula: String?) throws {
        let fixture = try Self.sent(dueDateFormula: nil, delegateAfter: delegateAfter)
        #expect(fixture.entries.allSatisfy { $0.delegationDateFormula == formula })
    }
}

@Suite("Engine: Delegate After and delegation")
struct DelegationTests {
    static let day: TimeInterval = 86_400

    static func sent(_ setups: [ApprovalUserSetup] = EngineFixture.demoSetups, amount: Decimal = 8000, delegateAfter: DelegateAfter? = .twoDays) throws -> EngineFixture {
        var fixture = EngineFixture(
            record: EngineFixture.salesOrder(amount: amount), setups: setups,
            edit: EngineFixture.approvers(.approver, .approverChain, delegateAfter: delegateAfter)
        )
        try fixture.send()
        return fixture
    }

    @Test("entriesDueForDelegation: open entries sent at least the delay ago (by calendar day); not created ones, not without a formula")
    func due() throws {
        let fixture = try Self.sent()
        func due(after days: Double) -> [Int] {
            WorkflowEngine.entriesDueForDelegation(fixture.entries, now: fixture.now.addingTimeInterval(days * Self.day)).map(\.entryNo)
        }
        #expect(due(after: 0) == [] && due(after: 1) == [])
        #expect(due(after: 2) == [2], "BOB's entry; CAROL's is still Created")
        #expect(due(after: 10) == [2])
        // Report 1511 compares CalcDate(formula, DT2Date(sent)) with Today: the time of day does not matter.
        let lateOnDayTwo = fixture.now.startOfUTCDay.addingTimeInterval(2 * Self.day)
        #expect(WorkflowEngine.entriesDueForDelegation(fixture.entries, now: lateOnDayTwo).map(\.entryNo) == [2])
        let never = try Self.sent(delegateAfter: .never)
        #expect(WorkflowEngine.entriesDueForDelegation(never.entries, now: fixture.now.addingTimeInterval(30 * Self.day)).isEmpty)
    }

    @Test("Delegate After counts from when an entry was opened: CAROL's, created at the send and opened three days later")
    func countsFromOpening() throws {
        var fixture = try Self.sent()
        fixture.now = fixture.now.addingTimeInterval(3 * Self.day)
        try fixture.approve(2, by: "BOB")
        #expect(fixture.entries[2].status == .open && fixture.entries[2].dateTimeSentForApproval == fixture.now)
        #expect(WorkflowEngine.entriesDueForDelegation(fixture.entries, now: fixture.now).isEmpty)
        #expect(WorkflowEngine.entriesDueForDelegation(fixture.entries, now: fixture.now.addingTimeInterval(2 * Self.day)).map(\.entryNo) == [3])
    }

    @Test("Automatic delegation moves BOB's due entry in place to his substitute CAROL, notified even though she is nobody's sender")
    func toSubstitute() throws {
        var fixture = try Self.sent()
        fixture.now = fixture.now.addingTimeInterval(2 * Self.day)
        let due = WorkflowEngine.entriesDueForDelegation(fixture.entries, now: fixture.now)
        for entry in due { try fixture.delegate(entry.entryNo, by: "FLOWGATE-SCHEDULER", automatic: true) }
        #expect(fixture.entrySequenceSummary == ["ALICE:Approved@1", "CAROL:Open@2", "CAROL:Created@3"])
        #expect(fixture.entries.count == 3, "delegation changes the entry, it makes no new one")
        #expect(fixture.notifications.last?.recipientUserId == "CAROL" && fixture.notifications.last?.approvalEntryNo == 2)
        #expect(fixture.stepIds(.active).count == 5 && !fixture.anyStepProcessing)
        try fixture.approve(2, by: "CAROL")
        try fixture.approve(3, by: "CAROL")
        #expect(fixture.record.status == .released)
    }

    /// BOB's entry (a 3,000 order) delegated when BOB has no substitute: his approver, else the administrator, else an error.
    @Test("No substitute: the approver's own approver, else the approval administrator")
    func fallbacks() throws {
        let toApprover = [
            EngineFixture.setup("ALICE", approver: "BOB", limit: 100), EngineFixture.setup("BOB", approver: "DAVE", limit: 5000),
            EngineFixture.setup("DAVE", unlimited: true), EngineFixture.setup("CAROL", admin: true),
        ]
        var first = try Self.sent(toApprover, amount: 3000)
        try first.delegate(2, by: "SYSTEM", automatic: true)
        #expect(first.entrySummary == ["ALICE:Approved", "DAVE:Open"])

        let toAdministrator = [
            EngineFixture.setup("ALICE", approver: "BOB", limit: 100), EngineFixture.setup("BOB", limit: 5000), EngineFixture.setup("CAROL", admin: true),
        ]
        var second = try Self.sent(toAdministrator, amount: 3000)
        try second.delegate(2, by: "SYSTEM", automatic: true)
        #expect(second.entrySummary == ["ALICE:Approved", "CAROL:Open"])
        try second.approve(2, by: "CAROL")
        #expect(second.record.status == .released)
    }

    @Test("No substitute, no approver, no administrator: Business Central's SubstituteNotFound text, nothing changed")
    func substituteNotFound() throws {
        let setups = [EngineFixture.setup("ALICE", approver: "BOB", limit: 100), EngineFixture.setup("BOB", limit: 5000)]
        var fixture = try Self.sent(setups, amount: 3000)
        for automatic in [true, false] {
            let error = #expect(throws: FlowGateError.self) { try fixture.delegate(2, by: "BOB", automatic: automatic) }
            #expect(error?.detail == "There is no substitute, direct approver, or approval administrator for user ID BOB in the Approval User Setup window.")
        }
        #expect(fixture.entrySummary == ["ALICE:Approved", "BOB:Open"])
    }

    @Test("The approver's setup is gone: ApproverUserIdNotInSetupErr with the sender's id")
    func approverWithoutSetup() throws {
        var fixture = try Self.sent(amount: 3000)
        fixture.setups.removeAll { $0.userName == "BOB" }
        let error = #expect(throws: FlowGateError.self) { try fixture.delegate(2, by: "ALICE") }
        #expect(error?.detail == "You must set up an approver for user ID ALICE in the Approval User Setup window.")
    }

    @Test("By hand, the sender, the approver or the administrator may delegate", arguments: ["ALICE", "BOB", "CAROL"])
    func permitted(user: String) throws {
        var fixture = try Self.sent(amount: 3000)
        try fixture.delegate(2, by: user)
        #expect(fixture.entrySummary == ["ALICE:Approved", "CAROL:Open"])
    }

    @Test("By hand, anyone else is refused with Business Central's text — set up or not; the scheduler needs no permission", arguments: ["DAVE", "ZED"])
    func refused(user: String) throws {
        var fixture = try Self.sent(amount: 3000)
        fixture.setups.append(EngineFixture.setup("DAVE"))
        let error = #expect(throws: FlowGateError.self) { try fixture.delegate(2, by: user) }
        #expect(error?.kind == .forbidden)
        #expect(error?.detail == "You do not have permission to delegate one or more of the selected approval requests.")
        #expect(fixture.entrySummary == ["ALICE:Approved", "BOB:Open"])
        try fixture.delegate(2, by: user, automatic: true)
        #expect(fixture.entrySummary == ["ALICE:Approved", "CAROL:Open"])
    }

    @Test("Only open requests are delegated: created, approved, rejected and canceled entries are refused")
    func onlyOpen() throws {
        var fixture = try Self.sent()
        for entryNo in [1, 3] {  // ALICE's Approved entry, CAROL's Created one
            let error = #expect(throws: FlowGateError.self) { try fixture.delegate(entryNo, by: "CAROL") }
            #expect(error?.detail == "You can only delegate open approval requests.")
            #expect(error?.kind == .conflict)
        }
        var rejected = fixture
        try rejected.reject(2, by: "BOB")
        try fixture.cancel(by: "ALICE")
        for (closed, entryNo) in [(rejected, 2), (fixture, 2)] {
            var closed = closed
            let error = #expect(throws: FlowGateError.self) { try closed.delegate(entryNo, by: "CAROL", automatic: true) }
            #expect(error?.detail == "You can only delegate open approval requests.")
        }
        let missing = #expect(throws: FlowGateError.self) { try fixture.delegate(99, by: "CAROL") }
        #expect(missing?.kind == .notFound)
    }

    @Test("After delegation the former approver may no longer decide; the new approver may reject")
    func formerApprover() throws {
        var fixture = try Self.sent(amount: 3000)
        try fixture.delegate(2, by: "BOB")
        let error = #expect(throws: FlowGateError.self) { try fixture.reject(2, by: "BOB") }
        #expect(error?.kind == .forbidden)
        try fixture.reject(2, by: "CAROL", comment: "not this quarter")
        #expect(fixture.entrySummary == ["ALICE:Rejected", "CAROL:Rejected"])
        #expect(fixture.record.status == .open)
    }
}
