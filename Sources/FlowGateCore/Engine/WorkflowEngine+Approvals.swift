import Foundation

/// The approval actions users take (codeunit 1535's public procedures): each checks Business Central's
/// rules, changes the entry where the action itself does, and raises the event the workflow continues on.
extension WorkflowEngine {
    /// Who acts, and with which rights beyond their own approval setup.
    public struct Actor: Sendable {
        public var userId: String
        /// An integration acting for the business application: it may cancel any request.
        public var isIntegration: Bool

        public init(userId: String, isIntegration: Bool = false) {
            self.userId = userId
            self.isIntegration = isIntegration
        }
    }

    /// Sends the record for approval: the send event of its entity set, taken by an enabled workflow.
    public func sendForApproval(_ snapshot: WorkflowSnapshot, by sender: String, at now: Date) throws -> WorkflowOutcome {
        let record = snapshot.record
        if record.status == .pendingApproval || hasPendingRequest(snapshot) {
            throw FlowGateError.conflict(
                "approval-pending", "An approval request for \(record.caption) already exists; it must be approved, rejected or canceled first."
            )
        }
        var run = WorkflowRun(snapshot: snapshot, userId: sender, background: false, now: now, makeId: makeId)
        let handled = try process(WorkflowEvent(WorkflowEvents.sendForApproval(record.entitySet)), in: &run)
        guard handled else {
            throw FlowGateError.conflict("no-approval-workflow", "No approval workflow for this record type is enabled.")
        }
        if record.entitySet.isDocument && run.record.status == .released && record.status != .released {
            run.userMessages.append("\(record.caption) has been automatically approved. The status has been changed to Released.")
        }
        return run.outcome(handled: true)
    }

    /// Cancels the record's approval request: the sender, an approval administrator or an integration may.
    public func cancelApprovalRequest(_ snapshot: WorkflowSnapshot, by actor: Actor, at now: Date) throws -> WorkflowOutcome {
        let pending = snapshot.approvalEntries.filter { $0.status.isPending }
        // A request out with an automation platform is canceled as its Flow entry (Business Central's Cancel Request).
        if pending.isEmpty, let flowEntry = pendingWebhookEntry(in: snapshot) {
            return try respondToWebhook(entryNo: flowEntry.entryNo, with: .cancel, in: snapshot, by: actor, at: now)
        }
        guard !pending.isEmpty || snapshot.stepInstances.contains(where: { $0.status == .active }) else {
            throw FlowGateError.conflict("no-approval-request", "There is no approval request to cancel for \(snapshot.record.caption).")
        }
        let isAdministrator = snapshot.setup(actor.userId)?.approvalAdministrator == true
        let isSender = pending.contains { $0.senderId == actor.userId }
            || (pending.isEmpty && snapshot.stepInstances.contains { $0.status == .active && $0.createdBy == actor.userId })
        guard actor.isIntegration || isAdministrator || isSender else {
            throw FlowGateError.forbidden("Only the sender of the approval request or an approval administrator can cancel it.")
        }
        var run = WorkflowRun(snapshot: snapshot, userId: actor.userId, background: false, now: now, makeId: makeId)
        let handled = try process(WorkflowEvent(WorkflowEvents.cancelApprovalRequest(snapshot.record.entitySet)), in: &run)
        guard handled else {
            throw FlowGateError.conflict(
                "no-approval-workflow", "No enabled workflow handles canceling the approval request for \(snapshot.record.caption)."
            )
        }
        return run.outcome(handled: true)
    }

    /// ApproveSelectedApprovalRequest: an open entry, approved by its approver or the approval administrator.
    public func approve(entryNo: Int, in snapshot: WorkflowSnapshot, by userId: String, comment: String?, at now: Date) throws -> WorkflowOutcome {
        var entry = try openEntryToDecide(entryNo, in: snapshot, by: userId, openMessage: ApprovalEntry.approveOnlyOpenMessage, action: "approve")
        var run = WorkflowRun(snapshot: snapshot, userId: userId, background: false, now: now, makeId: makeId)
        try entry.approve(by: userId, comment: comment, at: now)
        run.update(entry)
        _ = try process(ApprovalResponses.approved(entry), in: &run)
        return run.outcome(handled: true)
    }

    /// RejectSelectedApprovalRequest: the reject event runs while the entry is still open, then the entry is Rejected.
    public func reject(entryNo: Int, in snapshot: WorkflowSnapshot, by userId: String, comment: String?, at now: Date) throws -> WorkflowOutcome {
        let entry = try openEntryToDecide(entryNo, in: snapshot, by: userId, openMessage: ApprovalEntry.rejectOnlyOpenMessage, action: "reject")
        var run = WorkflowRun(snapshot: snapshot, userId: userId, background: false, now: now, makeId: makeId)
        let event = WorkflowEvent(WorkflowEvents.rejectApprovalRequest, subject: .approvalEntry(entryNo: entryNo), instanceId: entry.workflowStepInstanceId)
        _ = try process(event, in: &run)
        if var rejected = run.approvalEntry(entryNo) {
            // REJECTALLAPPROVALREQUESTS usually rejected it already; the decision and its comment are the user's either way.
            if rejected.status == .open {
                try rejected.reject(by: userId, comment: comment, at: now)
            } else {
                rejected.status = .rejected
                rejected.addComment(comment, by: userId, at: now)
            }
            run.update(rejected)
        }
        return run.outcome(handled: true)
    }

    /// Delegates an open entry in place to the approver's substitute, else their approver, else the approval administrator.
    ///
    /// By hand, only the sender, the approver or the approval administrator may; the scheduler's
    /// Delegate After (`automatic`) needs no permission.
    public func delegate(entryNo: Int, in snapshot: WorkflowSnapshot, by userId: String, automatic: Bool = false, at now: Date) throws -> WorkflowOutcome {
        guard var entry = snapshot.approvalEntries.first(where: { $0.entryNo == entryNo }) else {
            throw FlowGateError.notFound("Approval entry \(entryNo) does not exist.")
        }
        guard entry.status == .open else { throw FlowGateError.conflict("entry-not-open", ApprovalEntry.delegateOnlyOpenMessage) }
        if !automatic {
            let mayEdit = snapshot.setup(userId) != nil
                && (entry.senderId == userId || entry.approverId == userId || snapshot.setup(userId)?.approvalAdministrator == true)
            guard mayEdit else {
                throw FlowGateError.forbidden("You do not have permission to delegate one or more of the selected approval requests.")
            }
        }
        let substitute = try substitute(for: entry, in: snapshot)
        var run = WorkflowRun(snapshot: snapshot, userId: userId, background: automatic, now: now, makeId: makeId)
        try entry.delegate(to: substitute, by: userId, at: now)
        run.update(entry)
        let event = WorkflowEvent(WorkflowEvents.delegateApprovalRequest, subject: .approvalEntry(entryNo: entryNo), instanceId: entry.workflowStepInstanceId)
        _ = try process(event, in: &run)
        return run.outcome(handled: true)
    }

    /// Open entries whose Delegate After has passed (Report 1511): sent on or before today minus the delay.
    public static func entriesDueForDelegation(_ entries: [ApprovalEntry], now: Date) -> [ApprovalEntry] {
        let today = now.startOfUTCDay
        return entries.filter { entry in
            guard entry.status == .open, let formula = entry.delegationDateFormula.flatMap({ try? DateFormula(parsing: $0) }) else { return false }
            return formula.date(from: entry.dateTimeSentForApproval) <= today
        }
    }

    // MARK: Helpers

    private func hasPendingRequest(_ snapshot: WorkflowSnapshot) -> Bool {
        snapshot.approvalEntries.contains { $0.status.isPending }
            || snapshot.stepInstances.contains { $0.status == .active && !$0.entryPoint }
    }

    /// The entry a user approves or rejects: it exists, is open, and the user is its approver or the approval administrator.
    private func openEntryToDecide(_ entryNo: Int, in snapshot: WorkflowSnapshot, by userId: String, openMessage: String, action: String) throws -> ApprovalEntry {
        guard let entry = snapshot.approvalEntries.first(where: { $0.entryNo == entryNo }) else {
            throw FlowGateError.notFound("Approval entry \(entryNo) does not exist.")
        }
        guard entry.status == .open else { throw FlowGateError.conflict("entry-not-open", openMessage) }
        if entry.approverId != userId && snapshot.setup(userId)?.approvalAdministrator != true {
            throw FlowGateError.forbidden(
                "\(userId) cannot \(action) approval entry \(entryNo): it is assigned to \(entry.approverId), and \(userId) is not the approval administrator."
            )
        }
        return entry
    }

    /// SubstituteUserIdForApprovalEntry: the approver's substitute, else their approver, else the first approval administrator.
    private func substitute(for entry: ApprovalEntry, in snapshot: WorkflowSnapshot) throws -> String {
        guard let setup = snapshot.setup(entry.approverId) else {
            throw ApprovalRouting.error(.approverNotInSetup(entry.senderId))
        }
        if let substitute = setup.substitute, !substitute.isEmpty { return substitute }
        if let approver = setup.approverId, !approver.isEmpty { return approver }
        if let administrator = snapshot.approvalAdministrator { return administrator.userName }
        throw ApprovalRouting.error(.substituteNotFound(entry.approverId))
    }
}

extension BusinessRecord {
    /// How messages name the record: `Sales Order S-ORD10001`, `Customer C10000`.
    public var caption: String {
        switch entitySet {
        case .salesDocuments: "Sales \(documentType?.rawValue ?? "Document") \(number)"
        case .purchaseDocuments: "Purchase \(documentType?.rawValue ?? "Document") \(number)"
        case .customers: "Customer \(number)"
        case .vendors: "Vendor \(number)"
        case .items: "Item \(number)"
        case .generalJournalBatches: "General Journal Batch \(number)"
        case .generalJournalLines: "General Journal Line \(number)"
        }
    }
}
