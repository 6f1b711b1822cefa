import Foundation
import Testing

@testable import FlowGateCore

/// SplitMix64: a tiny seeded generator, so a failing run can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random users doing random things to one sales order under a randomly configured copy of MS-SOAPW.
struct RandomApprovalRun {
    enum Action: String, CaseIterable { case send, approve, reject, delegate, autoDelegate, cancel, wait }

    static let users = ["ALICE", "BOB", "CAROL", "DAVE", "ZED"]  // ZED has no approval setup
    static let setups = EngineFixture.demoSetups + [EngineFixture.setup("DAVE", approver: "CAROL", limit: 1000, code: "DA", substitute: "BOB")]
    static let groups = [
        EngineFixture.group("FINANCE", [("BOB", 1), ("CAROL", 1), ("DAVE", 2)]), EngineFixture.group("MIX", [("ALICE", 1), ("BOB", 1)]),
        EngineFixture.group("SOLO", [("ALICE", 1)]),
    ]

    var rng: SplitMix64
    var fixture: EngineFixture
    var log: [String] = []

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
        let type = ApproverType.allCases.randomElement(using: &rng)!
        let limit = ApproverLimitType.allCases.randomElement(using: &rng)!
        let group = Self.groups.randomElement(using: &rng)!.code
        let specific = ["ALICE", "BOB", "CAROL", "DAVE"].randomElement(using: &rng)!
        let amount = ([0, 50, 100, 101, 1000, 3000, 5000, 5001, 8000] as [Decimal]).randomElement(using: &rng)!
        let salesperson = ["AL", "BO", "CA", "DA"].randomElement(using: &rng)!
        fixture = EngineFixture(
            record: EngineFixture.salesOrder(amount: amount, salesperson: salesperson), setups: Self.setups,
            edit: EngineFixture.approvers(type, limit, group: group, specific: specific, delegateAfter: .oneDay)
        )
        fixture.groups = Self.groups
        log.append("seed \(seed): \(type.rawValue) × \(limit.rawValue), group \(group), specific \(specific), \(amount) by salesperson \(salesperson)")
    }

    /// A user for an action on `entry`: mostly the one who may act, sometimes anyone.
    mutating func user(for entry: ApprovalEntry?) -> String {
        if let entry, Int.random(in: 0..<10, using: &rng) < 7 { return entry.approverId }
        return Self.users.randomElement(using: &rng)!
    }

    /// An entry to act on: mostly an open one, sometimes any, sometimes one that does not exist.
    mutating func entry() -> (Int, ApprovalEntry?) {
        let open = fixture.entries.filter { $0.status == .open }
        if let pick = open.randomElement(using: &rng), Int.random(in: 0..<10, using: &rng) < 8 { return (pick.entryNo, pick) }
        if let pick = fixture.entries.randomElement(using: &rng), Int.random(in: 0..<10, using: &rng) < 9 { return (pick.entryNo, pick) }
        return (fixture.entries.count + 1, nil)
    }

    /// Does one random thing; returns the action and whether the engine accepted it. Only FlowGateErrors may be thrown.
    mutating func step() throws -> (Action, Bool) {
        let action = Action.allCases.randomElement(using: &rng)!
        let (entryNo, entry) = entry()
        let actor = user(for: entry)
        log.append("\(action.rawValue) \(entryNo) by \(actor)")
        do {
            switch action {
            case .send: try fixture.send(by: ["ALICE", "ALICE", "BOB", "DAVE", "ZED"].randomElement(using: &rng)!)
            case .approve: try fixture.approve(entryNo, by: actor)
            case .reject: try fixture.reject(entryNo, by: actor)
            case .delegate: try fixture.delegate(entryNo, by: actor)
            case .autoDelegate:
                let due = WorkflowEngine.entriesDueForDelegation(fixture.entries, now: fixture.now)
                guard let first = due.first else { return (action, false) }
                try fixture.delegate(first.entryNo, by: "SCHEDULER", automatic: true)
            case .cancel: try fixture.cancel(by: ["ALICE", "ALICE", "CAROL", actor].randomElement(using: &rng)!)
            case .wait: fixture.now = fixture.now.addingTimeInterval(86_400)
            }
            return (action, action != .wait)
        } catch is FlowGateError {
            log.append("  refused")
            return (action, false)
        }
    }
}

@Suite("Engine: random approvals never break the workflow's invariants")
struct EnginePropertyTests {
    /// Which status an entry may take next (approval-routing.md §1–§6): born Created, Open (sent at once) or Approved
    /// (the sender's own); Created → Open; Open → Approved/Rejected/Canceled (or Open again when delegated);
    /// reject-all and cancel-all also close Created and Approved entries; Rejected and Canceled are final.
    static func allowed(_ old: ApprovalStatus?, _ new: ApprovalStatus) -> Bool {
        switch old {
        case nil: [.created, .open, .approved].contains(new)
        case .created: [.created, .open, .rejected, .canceled].contains(new)
        case .open: [.open, .approved, .rejected, .canceled].contains(new)
        case .approved: [.approved, .rejected, .canceled].contains(new)
        case .rejected: new == .rejected
        case .canceled: new == .canceled
        }
    }

    /// Every broken invariant after one accepted action, in words.
    static func violations(before: [ApprovalEntry], after fixture: EngineFixture, action: RandomApprovalRun.Action) -> [String] {
        var problems: [String] = []
        let record = fixture.record
        let pending = fixture.entries.filter { $0.status.isPending }
        if fixture.anyStepProcessing { problems.append("a step was left Processing") }
        if record.status == .released && !pending.isEmpty { problems.append("Released with pending entries \(pending.map(\.entryNo))") }
        if record.status == .released && record.restricted { problems.append("Released but still restricted") }
        if !pending.isEmpty && record.status != .pendingApproval { problems.append("pending entries but the order is \(record.status.rawValue)") }
        if record.status == .pendingApproval {
            if fixture.stepInstances.activeInstanceIds.isEmpty { problems.append("Pending Approval without an active run") }
            if !record.restricted { problems.append("Pending Approval but not restricted") }
            if !pending.contains(where: { $0.status == .open }) { problems.append("Pending Approval but nobody has an open entry") }
        }
        if fixture.stepInstances.activeInstanceIds.count > 1 { problems.append("two runs wait at once") }
        let old = Dictionary(uniqueKeysWithValues: before.map { ($0.entryNo, $0) })
        if Set(fixture.entries.map(\.entryNo)).count != fixture.entries.count { problems.append("duplicate entry numbers") }
        if !Set(old.keys).isSubset(of: fixture.entries.map(\.entryNo)) { problems.append("an entry disappeared") }
        for entry in fixture.entries {
            let previous = old[entry.entryNo]
            if !allowed(previous?.status, entry.status) {
                problems.append("entry \(entry.entryNo): \(previous?.status.rawValue ?? "new") → \(entry.status.rawValue)")
            }
            if let previous, previous.approverId != entry.approverId,
               !((action == .delegate || action == .autoDelegate) && previous.status == .open && entry.status == .open) {
                problems.append("entry \(entry.entryNo) changed approver outside a delegation")
            }
            if let previous, previous.sequenceNo != entry.sequenceNo { problems.append("entry \(entry.entryNo) changed sequence") }
        }
        return problems
    }

    @Test("300 seeded runs of 20 random actions: no Processing step, no Released with pending entries, only allowed transitions")
    func randomRuns() throws {
        var accepted: [RandomApprovalRun.Action: Int] = [:]
        var released = 0
        for seed in UInt64(1)...300 {
            var run = RandomApprovalRun(seed: 0x5EED_0000 + seed)
            var wasReleased = false
            for _ in 0..<20 {
                let before = run.fixture.entries
                let (action, ok) = try run.step()
                guard ok else { continue }
                accepted[action, default: 0] += 1
                #expect(!wasReleased, "a released order changed again:\n\(run.log.joined(separator: "\n"))")
                let problems = Self.violations(before: before, after: run.fixture, action: action)
                #expect(problems.isEmpty, "\(problems)\n\(run.log.joined(separator: "\n"))")
                if !problems.isEmpty { return }  // one replayable failure is enough
                wasReleased = run.fixture.record.status == .released
            }
            if wasReleased { released += 1 }
        }
        // The runs must really exercise every path, not only refusals.
        for action in [RandomApprovalRun.Action.send, .approve, .reject, .delegate, .autoDelegate, .cancel] {
            #expect(accepted[action, default: 0] >= 20, "only \(accepted[action, default: 0]) accepted \(action.rawValue) actions")
        }
        #expect(released >= 30, "only \(released) runs ended Released")
    }
}
