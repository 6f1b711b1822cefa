import Foundation

/// The standard responses of codeunit 1521 "Workflow Response Handling", run against a `WorkflowRun`.
enum StandardResponses {
    typealias R = WorkflowResponses
    typealias E = WorkflowEvents

    static func run(_ step: WorkflowStepInstance, trigger: WorkflowEvent, in run: inout WorkflowRun) throws {
        let argument = step.argument ?? WorkflowStepArgument()
        switch step.functionName.uppercased() {
        case R.doNothing, R.getApprovalComment:
            break
        case R.restrictRecordUsage:
            run.record.restricted = true
        case R.allowRecordUsage:
            run.record.restricted = false
        case R.setStatusToPendingApproval:
            run.record.status = .pendingApproval
        case R.releaseDocument:
            run.record.status = .released
        case R.openDocument:
            run.record.status = .open
        case R.showMessage:
            if let message = argument.message, !message.isEmpty { run.userMessages.append(message) }
        case R.createNotificationEntry:
            let recipient = argument.notificationUserId ?? (argument.notifySender == true ? sender(of: step, in: run) : nil)
            if let recipient {
                run.notify(recipient, type: argument.notificationEntryType ?? .newRecord, entryNo: nil, link: argument.customLink)
            }
        case R.createApprovalRequests:
            try ApprovalResponses.createApprovalRequests(step, argument: argument, in: &run)
        case R.createAndApproveApprovalRequestAutomatically:
            ApprovalResponses.createAndApproveAutomatically(step, argument: argument, in: &run)
        case R.sendApprovalRequestForApproval:
            try ApprovalResponses.send(step, argument: argument, trigger: trigger, in: &run)
        case R.approveAllApprovalRequests:
            ApprovalResponses.approveAll(step, in: &run)
        case R.rejectAllApprovalRequests:
            ApprovalResponses.rejectAll(step, argument: argument, in: &run)
        case R.cancelAllApprovalRequests:
            ApprovalResponses.cancelAll(step, argument: argument, in: &run)
        case R.createOverdueNotifications:
            ApprovalResponses.createOverdueNotifications(in: &run)
        case R.checkCustomerCreditLimit:
            run.raise(WorkflowEvent(creditLimitExceeded(run) ? E.customerCreditLimitExceeded : E.customerCreditLimitNotExceeded))
        case R.checkGeneralJournalBatchBalance:
            let balance = run.snapshot.journalLines.reduce(Decimal(0)) { $0 + ($1.amountLCY ?? 0) }
            run.raise(WorkflowEvent(balance == 0 ? E.generalJournalBatchBalanced : E.generalJournalBatchNotBalanced))
        case R.revertValueForField:
            revertValue(step, argument: argument, in: &run)
        case R.applyNewValues:
            for change in run.recordChanges where change.instanceId == step.instanceId
                && (argument.fieldName == nil || argument.fieldName == change.fieldName) {
                run.record.fields[change.fieldName] = change.newValue
            }
            run.recordChanges.removeAll { $0.instanceId == step.instanceId && (argument.fieldName == nil || argument.fieldName == $0.fieldName) }
        case R.sendNotificationToWebhook:
            WebhookResponses.sendNotification(step, argument: argument, in: &run)
        case R.discardNewValues:
            run.recordChanges.removeAll { $0.instanceId == step.instanceId }
        default:
            throw FlowGateError.conflict(
                "response-not-supported",
                "The response \(step.functionName) of workflow \(step.workflowCode) has no handler in this gateway."
            )
        }
    }

    /// The user who started the run: the sender of its approval entries, else whoever created the instance.
    static func sender(of step: WorkflowStepInstance, in run: WorkflowRun) -> String {
        run.approvalEntries(of: step.instanceId).first?.senderId ?? step.createdBy
    }

    /// A customer's credit limit (`creditLimitLCY`, 0 = none) against its balance (`balanceLCY`) plus this document.
    static func creditLimitExceeded(_ run: WorkflowRun) -> Bool {
        guard let customer = run.snapshot.customer,
              let limit = customer.fields["creditLimitLCY"]?.decimalValue, limit > 0 else { return false }
        let balance = customer.fields["balanceLCY"]?.decimalValue ?? 0
        return balance + (run.record.amountLCY ?? 0) > limit
    }

    /// REVERTVALUEFORFIELD: put back the old value and keep the new one as a change awaiting approval.
    private static func revertValue(_ step: WorkflowStepInstance, argument: WorkflowStepArgument, in run: inout WorkflowRun) {
        guard let field = argument.fieldName, let previous = run.snapshot.previousRecord else { return }
        let old = previous.fields[field]
        let new = run.record.fields[field]
        guard old != new else { return }
        run.recordChanges.removeAll { $0.fieldName == field }
        run.recordChanges.append(WorkflowRecordChange(fieldName: field, oldValue: old, newValue: new, instanceId: step.instanceId))
        run.record.fields[field] = old
    }
}
