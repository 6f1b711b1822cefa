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
    /// The record's Flow entries (requests out with an automation platform).
    var webhookEntries: [WorkflowWebhookEntry] = []
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

    /// A fixture whose company has exactly `workflows`, as given (a workflow a webhook subscription registered, say).
    init(record: BusinessRecord, workflows: [Workflow], setups: [ApprovalUserSetup] = demoSetups) {
        self.record = record
        self.setups = setups
        self.workflows = workflows
        let ids = Counter()
        engine = WorkflowEngine(makeId: { ids.next() })
    }

    var snapshot: WorkflowSnapshot {
        WorkflowSnapshot(
            record: record, previousRecord: previousRecord, workflows: workflows, stepInstances: stepInstances, approvalEntries: entries,
            recordChanges: recordChanges, setups: setups, groups: groups, nextApprovalEntryNo: (entries.map(\.entryNo).max() ?? 0) + 1,
            customer: customer, journalLines: journalLines, webhookEntries: webhookEntries,
            nextWebhookEntryNo: (webhookEntries.map(\.entryNo).max() ?? 0) + 1
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
        for entry in outcome.webhookEntries {
            if let index = webhookEntries.firstIndex(where: { $0.entryNo == entry.entryNo }) {
                webhookEntries[index] = entry
            } else {
                webhookEntries.append(entry)
            }
        }
        notifications += outcome.notifications
        recordChanges = outcome.recordChanges
        messages = outcome.userMessages
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

// MARK: Helpers for the template, routing, delegation and property tests

extension EngineFixture {
    /// A sales or purchase document of any type, with one line and a salesperson/purchaser code.
    static func document(
        _ entitySet: EntitySet, _ type: DocumentType, amount: Decimal, code: String? = "AL", number: String = "DOC-1001"
    ) -> BusinessRecord {
        BusinessRecord(
            id: UUID(uuidString: "00000000-0000-0000-0000-0000000000AA")!, companyId: company, entitySet: entitySet, number: number,
            documentType: type, amount: amount, salespersonPurchaserCode: code,
            lines: [DocumentLine(lineNo: 10000, type: "Item", number: "1896-S", quantity: 1, unitPrice: amount)], createdAt: start
        )
    }

    /// A customer, vendor, item, journal batch or journal line with the given fields.
    static func masterRecord(_ entitySet: EntitySet, number: String, amount: Decimal? = nil, fields: [String: JSONValue] = [:]) -> BusinessRecord {
        BusinessRecord(
            id: UUID(uuidString: "00000000-0000-0000-0000-0000000000BB")!, companyId: company, entitySet: entitySet, number: number,
            fields: fields, amount: amount, createdAt: start
        )
    }

    static func group(_ code: String, _ members: [(String, Int)]) -> WorkflowUserGroup {
        WorkflowUserGroup(companyId: company, code: code, members: members.map { .init(userName: $0.0, sequenceNo: $0.1) })
    }

    /// Sets the approver options of every CREATEAPPROVALREQUESTS step, as a user does on the response options page.
    static func approvers(
        _ type: ApproverType, _ limit: ApproverLimitType, group: String? = nil, specific: String? = nil,
        dueDateFormula: String? = nil, delegateAfter: DelegateAfter? = nil
    ) -> (inout Workflow) -> Void {
        { workflow in
            for index in workflow.steps.indices where workflow.steps[index].functionName == WorkflowResponses.createApprovalRequests {
                var argument = workflow.steps[index].argument ?? WorkflowStepArgument()
                argument.approverType = type
                argument.approverLimitType = limit
                argument.workflowUserGroupCode = group
                argument.approverUserId = specific
                argument.dueDateFormula = dueDateFormula
                argument.delegateAfter = delegateAfter
                workflow.steps[index].argument = argument
            }
        }
    }

    /// Fills in the group code the group templates (BSOAPW, BPOAPW, CCLCAPW, IUPCAPW) leave for the user to choose.
    static func groupCode(_ code: String) -> (inout Workflow) -> Void {
        { workflow in
            for index in workflow.steps.indices where workflow.steps[index].argument?.approverType == .workflowUserGroup {
                workflow.steps[index].argument?.workflowUserGroupCode = code
            }
        }
    }

    /// `approver:status@sequence` of every entry, in entry-number order.
    var entrySequenceSummary: [String] {
        entries.sorted { $0.entryNo < $1.entryNo }.map { "\($0.approverId):\($0.status.rawValue)@\($0.sequenceNo)" }
    }

    /// The run started last (its steps were created at the latest time, with the highest instance id).
    var latestInstanceId: UUID? {
        stepInstances.max { ($0.createdAt, $0.instanceId.uuidString) < ($1.createdAt, $1.instanceId.uuidString) }?.instanceId
    }

    /// The step ids of the latest run that have `status`, ascending.
    func stepIds(_ status: WorkflowStepStatus) -> [Int] {
        stepInstances.filter { $0.instanceId == latestInstanceId && $0.status == status }.map(\.stepId).sorted()
    }

    /// Whether some step of any run is still Processing: a finished outcome never leaves one.
    var anyStepProcessing: Bool { stepInstances.contains { $0.status == .processing } }

    /// The enabled workflow with this code.
    func workflow(_ code: String) -> Workflow? { workflows.first { $0.code == code } }
}

extension Workflow {
    /// The step every approval loop goes back to: where the run waits for the approvers' events.
    var waitingStepId: Int? { steps.compactMap(\.nextStepId).first }

    /// The step ids from the root down to `stepId`, root first.
    func path(to stepId: Int) -> [Int] {
        var path: [Int] = []
        var current = step(stepId)
        while let step = current {
            path.insert(step.id, at: 0)
            current = step.previousStepId.flatMap(self.step)
        }
        return path
    }

    /// The step and everything below it (following previous-step links, not go-to loops), ascending.
    func subtree(_ stepId: Int) -> [Int] {
        ([stepId] + children(of: stepId).flatMap { subtree($0.id) }).sorted()
    }
}
