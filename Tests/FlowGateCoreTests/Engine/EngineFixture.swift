import Foundation
import Synchronization

@testable import FlowGateCore

/// A company in memory with the demo's approval setup, driven through the pure engine with a fixed clock.
///
/// Each action applies the engine's outcome to the fixture the way the store does, so a test reads
/// as the sequence of things users do.
struct EngineFixture {
    static let company = UUID(uuidString: "00000000-0000-0000-0000-00000000C0DE")!
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    var now = start
    var record: BusinessRecord
    var workflows: [Workflow] = []
    var stepInstances: [WorkflowStepInstance] = []
    var entries: [ApprovalEntry] = []
    var recordChanges: [WorkflowRecordChange] = []
    var notifications: [NotificationEntry] = []
    var messages: [String] = []
    var setups: [ApprovalUserSetup]
    var groups: [WorkflowUserGroup] = []
    var customer: BusinessRecord?
    var journalLines: [BusinessRecord] = []
    var previousRecord: BusinessRecord?
    let engine: WorkflowEngine

    static func setup(
        _ user: String, approver: String? = nil, limit: Decimal = 0, unlimited: Bool = false, code: String? = nil,
        substitute: String? = nil, admin: Bool = false
    ) -> ApprovalUserSetup {
        ApprovalUserSetup(
            companyId: company, userName: user, approverId: approver, salespersonPurchaserCode: code, salesAmountApprovalLimit: limit,
            unlimitedSalesApproval: unlimited, purchaseAmountApprovalLimit: limit, unlimitedPurchaseApproval: unlimited,
            requestAmountApprovalLimit: limit, unlimitedRequestApproval: unlimited, substitute: substitute, approvalAdministrator: admin
        )
    }

    /// ALICE (100, salesperson AL) → BOB (5,000, substitute CAROL) → CAROL (unlimited, approval administrator).
    static let demoSetups = [
        setup("ALICE", approver: "BOB", limit: 100, code: "AL"),
        setup("BOB", approver: "CAROL", limit: 5000, code: "BO", substitute: "CAROL"),
        setup("CAROL", unlimited: true, code: "CA", admin: true),
    ]

    static func salesOrder(amount: Decimal, type: DocumentType = .order, salesperson: String? = "AL") -> BusinessRecord {
        BusinessRecord(
            id: UUID(uuidString: "00000000-0000-0000-0000-0000000000AA")!, companyId: company, entitySet: .salesDocuments,
            number: "S-ORD10001", fields: ["customerNumber": "C10000"], documentType: type, amount: amount,
            salespersonPurchaserCode: salesperson, lines: [DocumentLine(lineNo: 10000, type: "Item", number: "1896-S", quantity: 2, unitPrice: amount / 2)],
            createdAt: start
        )
    }

    /// A fixture whose company has enabled copies of `templates`, optionally edited first.
    init(record: BusinessRecord, templates: [String] = ["MS-SOAPW"], setups: [ApprovalUserSetup] = demoSetups, edit: (inout Workflow) -> Void = { _ in }) {
        self.record = record
        self.setups = setups
        let ids = Counter()
        engine = WorkflowEngine(makeId: { ids.next() })
        for code in templates {
            var workflow = WorkflowTemplates.template(code)!.copy(as: code.replacingOccurrences(of: "MS-", with: ""), companyId: Self.company)
            edit(&workflow)
            workflow.enabled = true
            workflows.append(workflow)
        }
    }

    var snapshot: WorkflowSnapshot {
        WorkflowSnapshot(
            record: record, previousRecord: previousRecord, workflows: workflows, stepInstances: stepInstances, approvalEntries: entries,
            recordChanges: recordChanges, setups: setups, groups: groups, nextApprovalEntryNo: (entries.map(\.entryNo).max() ?? 0) + 1,
            customer: customer, journalLines: journalLines
        )
    }

    mutating func apply(_ outcome: WorkflowOutcome) {
        if outcome.recordChanged || !outcome.isEmpty { record = outcome.record; record.version += 1 }
        for step in outcome.stepInstances {
            if let index = stepInstances.firstIndex(where: { $0.instanceId == step.instanceId && $0.stepId == step.stepId }) {
                stepInstances[index] = step
            } else {
                stepInstances.append(step)
            }
        }
        for entry in outcome.approvalEntries {
            if let index = entries.firstIndex(where: { $0.entryNo == entry.entryNo }) { entries[index] = entry } else { entries.append(entry) }
        }
        notifications += outcome.notifications
        recordChanges = outcome.recordChanges
        messages = outcome.messages
    }

    @discardableResult
    mutating func send(by user: String = "ALICE") throws -> WorkflowOutcome {
        let outcome = try engine.sendForApproval(snapshot, by: user, at: now)
        apply(outcome)
        return outcome
    }

    mutating func cancel(by user: String = "ALICE", integration: Bool = false) throws {
        apply(try engine.cancelApprovalRequest(snapshot, by: .init(userId: user, isIntegration: integration), at: now))
    }

    mutating func approve(_ entryNo: Int, by user: String, comment: String? = nil) throws {
        apply(try engine.approve(entryNo: entryNo, in: snapshot, by: user, comment: comment, at: now))
    }

    mutating func reject(_ entryNo: Int, by user: String, comment: String? = nil) throws {
        apply(try engine.reject(entryNo: entryNo, in: snapshot, by: user, comment: comment, at: now))
    }

    mutating func delegate(_ entryNo: Int, by user: String, automatic: Bool = false) throws {
        apply(try engine.delegate(entryNo: entryNo, in: snapshot, by: user, automatic: automatic, at: now))
    }

    mutating func raise(_ event: WorkflowEvent, by user: String = "ALICE") throws -> WorkflowOutcome {
        let outcome = try engine.handle(event, in: snapshot, by: user, at: now)
        apply(outcome)
        return outcome
    }

    /// `approver:status` of every entry, in entry-number order: `["ALICE:Approved", "BOB:Open"]`.
    var entrySummary: [String] {
        entries.sorted { $0.entryNo < $1.entryNo }.map { "\($0.approverId):\($0.status.rawValue)" }
    }

    var activeEvents: [String] {
        stepInstances.filter { $0.status == .active }.sorted { $0.stepId < $1.stepId }.map(\.functionName)
    }
}

/// Deterministic ids: 1, 2, 3, … in the last digits.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> UUID {
        let n = value.withLock { $0 += 1; return $0 }
        return UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!
    }
}
