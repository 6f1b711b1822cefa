import FlowGateDelivery
import Foundation
import Synchronization
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

/// An approval entry of `record` as the engine makes it, numbered `entryNo` provisionally.
func approvalEntry(
    _ record: BusinessRecord, entryNo: Int, approver: String = "BOB", sender: String = "ALICE", status: ApprovalStatus = .open,
    delegationDateFormula: String? = nil, instanceId: UUID = UUID()
) -> ApprovalEntry {
    ApprovalEntry(
        entryNo: entryNo, companyId: record.companyId, entitySet: record.entitySet, documentType: record.documentType,
        documentNo: record.number, recordId: record.id, sequenceNo: 1, approvalCode: "MS-CUSTAPW", workflowStepInstanceId: instanceId,
        senderId: sender, salespersonPurchaserCode: nil, approverId: approver, status: status, approvalType: .approver,
        limitType: .noLimits, now: fixedDate, dueDate: fixedDate.addingTimeInterval(86_400), delegationDateFormula: delegationDateFormula,
        amount: decimal("1250.50"), amountLCY: decimal("1250.50"), currencyCode: nil
    )
}

/// A notification to `recipient` about `record`, as a workflow response makes it.
func notificationEntry(_ record: BusinessRecord, recipient: String, approvalEntryNo: Int? = nil) -> NotificationEntry {
    NotificationEntry(
        id: UUID(), companyId: record.companyId, type: .approval, recipientUserId: recipient, recordId: record.id,
        entitySet: record.entitySet, approvalEntryNo: approvalEntryNo, createdAt: fixedDate, createdBy: "ALICE"
    )
}

/// An outcome that changes `record` in no other way than by the given approval entries and notifications; new
/// entries are those numbered from `firstNewApprovalEntryNo`.
func approvalOutcome(
    _ record: BusinessRecord, approvalEntries: [ApprovalEntry], firstNewApprovalEntryNo: Int, notifications: [NotificationEntry] = []
) -> WorkflowOutcome {
    var change = outcome(record)
    change.approvalEntries = approvalEntries
    change.firstNewApprovalEntryNo = firstNewApprovalEntryNo
    change.notifications = notifications
    return change
}

/// One new approval entry as a test asks for it: who approves, who sent it, its status and its Delegate After.
struct NewApproval: Sendable {
    var approver: String
    var sender = "ALICE"
    var status = ApprovalStatus.open
    var delegationDateFormula: String?

    init(_ approver: String, sender: String = "ALICE", status: ApprovalStatus = .open, delegationDateFormula: String? = nil) {
        self.approver = approver
        self.sender = sender
        self.status = status
        self.delegationDateFormula = delegationDateFormula
    }
}

/// What a rule or preparation run inside the store's transaction was given, for the test to look at afterwards.
final class Seen<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func record(_ value: Value) { values.withLock { $0.append(value) } }

    var all: [Value] { values.withLock { $0 } }
}

extension Store {
    /// Adds approval entries to `record` the way the engine does: made from a fresh snapshot, numbered from its next
    /// entry number and stored by `apply`. Returns them as stored, with their final numbers.
    @discardableResult
    func requestApprovals(_ record: BusinessRecord, _ approvals: [NewApproval]) async throws -> [ApprovalEntry] {
        let snapshot = try #require(try await workflowSnapshot(companyId: record.companyId, entitySet: record.entitySet, recordId: record.id))
        let first = snapshot.nextApprovalEntryNo
        let entries = approvals.enumerated().map { index, approval in
            FlowGateStoreTests.approvalEntry(
                snapshot.record, entryNo: first + index, approver: approval.approver, sender: approval.sender, status: approval.status,
                delegationDateFormula: approval.delegationDateFormula
            )
        }
        return try await apply(approvalOutcome(snapshot.record, approvalEntries: entries, firstNewApprovalEntryNo: first)).approvalEntries
    }

    /// Changes the status of a stored approval entry through an outcome, as deciding it does; returns it as stored.
    @discardableResult
    func decide(_ entry: ApprovalEntry, _ status: ApprovalStatus) async throws -> ApprovalEntry {
        let snapshot = try #require(try await workflowSnapshot(companyId: entry.companyId, entitySet: entry.entitySet, recordId: entry.recordId))
        var decided = try #require(snapshot.approvalEntries.first { $0.entryNo == entry.entryNo })
        decided.status = status
        decided.lastModifiedByUserId = decided.approverId
        let applied = try await apply(
            approvalOutcome(snapshot.record, approvalEntries: [decided], firstNewApprovalEntryNo: snapshot.nextApprovalEntryNo)
        )
        return try #require(applied.approvalEntries.first)
    }

    /// Stores notifications to `recipients` about `record`, as a workflow response leaves them; returns them as stored.
    @discardableResult
    func notify(_ recipients: [String], about record: BusinessRecord) async throws -> [NotificationEntry] {
        let snapshot = try #require(try await workflowSnapshot(companyId: record.companyId, entitySet: record.entitySet, recordId: record.id))
        let notifications = recipients.map { FlowGateStoreTests.notificationEntry(snapshot.record, recipient: $0) }
        let change = approvalOutcome(
            snapshot.record, approvalEntries: [], firstNewApprovalEntryNo: snapshot.nextApprovalEntryNo, notifications: notifications
        )
        return try await apply(change).notifications
    }

    /// The entry numbers of every approval entry the query finds, page after page.
    func approvalEntryNumbers(_ companyId: UUID, _ query: ApprovalEntryQuery = ApprovalEntryQuery(), limit: Int = PageRequest.maximumLimit)
        async throws -> [Int]
    {
        var numbers: [Int] = []
        var page = PageRequest(limit: limit)
        while true {
            let result = try await approvalEntries(companyId: companyId, query, page)
            #expect(result.items.count <= limit)
            numbers += result.items.map(\.entryNo)
            guard let cursor = result.nextCursor else { return numbers }
            page = try PageRequest(limit: String(limit), cursor: cursor)
        }
    }

    /// A workflow stored as is, with nothing to prepare: the company's workflow to list, replace or delete.
    @discardableResult
    func storeWorkflow(_ company: Company, _ code: String, enabled: Bool = false, description: String? = nil) async throws -> Workflow {
        try await putWorkflow(
            Workflow(companyId: company.id, code: code, description: description ?? "Workflow \(code)", enabled: enabled),
            precondition: .none, prepare: { new, _, _ in new }
        ).value
    }
}
