import FlowGateCore
import FlowGateStore
import Foundation

/// Approval requests and their entries: send and cancel a record's request, approve, reject or delegate an
/// entry, and the lists of approval and notification entries as each caller may see them.
public struct Approvals: Sendable {
    let gateway: Gateway

    /// What an action on a record or an entry did: the record after it, the workflow that took it, the approval
    /// entries it created or changed, and the messages for the user.
    public struct ActionResult: Sendable {
        public var record: BusinessRecord
        public var workflowCode: String?
        public var approvalEntries: [ApprovalEntry]
        public var userMessages: [String]
    }

    /// Sends a record for approval, for the caller or, by an integration key, for the user named in `requestedBy`.
    public func sendApprovalRequest(
        _ caller: Caller, company: Company, entitySet: EntitySet, recordId: UUID, requestedBy: String?
    ) async throws -> ActionResult {
        let sender = try await actingUser(caller, named: requestedBy, action: "send approval requests")
        let result = try await gateway.runner.run(companyId: company.id, entitySet: entitySet, recordId: recordId, knownUsers: [sender]) {
            engine, snapshot, now in
            try engine.sendForApproval(snapshot, by: sender.userName, at: now)
        }
        return ActionResult(result)
    }

    /// Cancels a record's approval request, for the caller or, by an integration key, for the user in `requestedBy`.
    public func cancelApprovalRequest(
        _ caller: Caller, company: Company, entitySet: EntitySet, recordId: UUID, requestedBy: String?
    ) async throws -> ActionResult {
        let user = try await actingUser(caller, named: requestedBy, action: "cancel approval requests")
        let actor = WorkflowEngine.Actor(userId: user.userName, isIntegration: caller.role >= .integration)
        let result = try await gateway.runner.run(companyId: company.id, entitySet: entitySet, recordId: recordId, knownUsers: [user]) {
            engine, snapshot, now in
            try engine.cancelApprovalRequest(snapshot, by: actor, at: now)
        }
        return ActionResult(result)
    }

    /// What an approver does with an open entry.
    public enum Decision: String, Sendable, CaseIterable {
        case approve, reject, delegate
    }

    /// Approves, rejects or delegates an approval entry as the caller's user; returns the entry afterwards.
    public func decide(_ decision: Decision, _ caller: Caller, company: Company, entryNo: Int, comment: String?) async throws -> ApprovalEntry {
        let user = caller.userName
        let result = try await gateway.runner.run(companyId: company.id, approvalEntryNo: entryNo, knownUsers: [caller.user]) {
            engine, snapshot, now in
            switch decision {
            case .approve: try engine.approve(entryNo: entryNo, in: snapshot, by: user, comment: comment, at: now)
            case .reject: try engine.reject(entryNo: entryNo, in: snapshot, by: user, comment: comment, at: now)
            case .delegate: try engine.delegate(entryNo: entryNo, in: snapshot, by: user, at: now)
            }
        }
        if let decided = result.applied.approvalEntries.first(where: { $0.entryNo == entryNo }) { return decided }
        guard let current = try await gateway.store.approvalEntry(companyId: company.id, entryNo: entryNo) else {
            throw Self.entryNotFound(entryNo)
        }
        return current
    }

    /// The company's approval entries the caller may see: all of them for admin and integration keys and the
    /// approval administrator (approval-routing §7); those a user approves or sent for other users.
    public func approvalEntries(_ caller: Caller, company: Company, _ query: ApprovalEntryQuery, _ page: PageRequest) async throws -> Page<ApprovalEntry> {
        var query = query
        if try await !seesAllEntries(caller, companyId: company.id) { query.involving = caller.userName }
        return try await gateway.store.approvalEntries(companyId: company.id, query, page)
    }

    /// One approval entry, if the caller may see it; one it may not is answered as missing.
    public func approvalEntry(_ caller: Caller, company: Company, entryNo: Int) async throws -> ApprovalEntry {
        let seesAll = try await seesAllEntries(caller, companyId: company.id)
        guard let entry = try await gateway.store.approvalEntry(companyId: company.id, entryNo: entryNo),
            seesAll || entry.approverId == caller.userName || entry.senderId == caller.userName
        else {
            throw Self.entryNotFound(entryNo)
        }
        return entry
    }

    /// Notification entries: a user key sees its own; other keys those of `recipient`, or all.
    public func notificationEntries(_ caller: Caller, company: Company, recipient: String?, _ page: PageRequest) async throws -> Page<NotificationEntry> {
        let recipient = caller.role == .user ? caller.userName : recipient
        return try await gateway.store.notificationEntries(companyId: company.id, recipient: recipient, page)
    }

    /// Delegates every open entry whose Delegate After has passed (Business Central's report 1511); returns how many moved.
    public func delegateOverdueEntries() async throws -> Int {
        let due = WorkflowEngine.entriesDueForDelegation(try await gateway.store.openEntriesWithDelegation(), now: gateway.now())
        var delegated = 0
        for entry in due {
            do {
                _ = try await gateway.runner.run(companyId: entry.companyId, entitySet: entry.entitySet, recordId: entry.recordId) {
                    engine, snapshot, now in
                    try engine.delegate(entryNo: entry.entryNo, in: snapshot, by: entry.approverId, automatic: true, at: now)
                }
                delegated += 1
            } catch let error as FlowGateError where error.kind == .conflict || error.kind == .notFound {
                // Decided or moved meanwhile, or no one to delegate to: the next round looks again.
                continue
            }
        }
        return delegated
    }

    /// The user a request is sent or canceled for: the caller's own user; or, for an integration key, the one it
    /// names, who must exist.
    private func actingUser(_ caller: Caller, named: String?, action: String) async throws -> User {
        guard let named, named != caller.userName else { return caller.user }
        try caller.require(.integration, to: "\(action) on behalf of another user (requestedBy)")
        guard let user = try await gateway.store.user(named: named) else {
            throw FlowGateError.validation(field: "requestedBy", "user '\(named)' does not exist")
        }
        return user
    }

    private func seesAllEntries(_ caller: Caller, companyId: UUID) async throws -> Bool {
        if caller.role != .user { return true }
        return try await gateway.store.approvalUserSetup(companyId: companyId, userName: caller.userName)?.approvalAdministrator == true
    }

    static func entryNotFound(_ entryNo: Int) -> FlowGateError {
        .notFound("Approval entry \(entryNo) does not exist.")
    }
}

extension Approvals.ActionResult {
    init(_ result: WorkflowRunner.Result) {
        self.init(
            record: result.applied.record, workflowCode: result.outcome.workflowCode, approvalEntries: result.applied.approvalEntries,
            userMessages: result.outcome.userMessages
        )
    }
}
