import Foundation

/// The approval responses (codeunit 1535 "Approvals Mgmt."), following `approval-routing.md` §1–§8.
enum ApprovalResponses {
    /// CREATEAPPROVALREQUESTS: the entries the step's approver options call for, numbered after the run's last.
    static func createApprovalRequests(_ step: WorkflowStepInstance, argument: WorkflowStepArgument, in run: inout WorkflowRun) throws {
        let dueDate = argument.dueDateFormula.flatMap { try? DateFormula(parsing: $0) }?.date(from: run.now) ?? run.now.startOfUTCDay
        let request = ApprovalRouting.Request(
            record: run.record, senderId: run.userId, argument: argument, workflowCode: step.workflowCode,
            stepInstanceId: step.instanceId, existingEntries: run.approvalEntries(of: step.instanceId),
            firstEntryNo: run.nextApprovalEntryNo, now: run.now, dueDate: dueDate
        )
        let entries = try run.routing.createApprovalRequests(request)
        for entry in entries { run.update(entry) }
        run.nextApprovalEntryNo += entries.count
    }

    /// CREATEANDAPPROVEAPPROVALREQUESTAUTOMATICALLY: one entry for the sender, born Approved.
    static func createAndApproveAutomatically(_ step: WorkflowStepInstance, argument: WorkflowStepArgument, in run: inout WorkflowRun) {
        let record = run.record
        let approverType = argument.approverType ?? .approver
        let sequenceNo = (run.approvalEntries(of: step.instanceId).map(\.sequenceNo).max() ?? 0) + 1
        var entry = ApprovalEntry(
            entryNo: run.nextApprovalEntryNo, companyId: record.companyId, entitySet: record.entitySet, documentType: record.documentType,
            documentNo: record.number, recordId: record.id, sequenceNo: sequenceNo, approvalCode: step.workflowCode,
            workflowStepInstanceId: step.instanceId, senderId: run.userId, salespersonPurchaserCode: record.salespersonPurchaserCode,
            approverId: run.userId, status: .approved, approvalType: ApprovalType(approverType),
            limitType: ApprovalLimitType(approverType: approverType, limitType: argument.approverLimitType ?? .approverChain),
            now: run.now, dueDate: run.now.startOfUTCDay, delegationDateFormula: nil,
            amount: record.amount ?? 0, amountLCY: record.amountLCY ?? 0, currencyCode: record.currencyCode
        )
        entry.lastModifiedByUserId = run.userId
        run.update(entry)
        run.nextApprovalEntryNo += 1
    }

    /// SENDAPPROVALREQUESTFORAPPROVAL, from the record (after creating requests) or from an approval entry.
    static func send(_ step: WorkflowStepInstance, argument: WorkflowStepArgument, trigger: WorkflowEvent, in run: inout WorkflowRun) throws {
        if case .approvalEntry(let entryNo) = trigger.subject, let entry = run.approvalEntry(entryNo) {
            sendFromApprovalEntry(entry, step: step, argument: argument, in: &run)
        } else {
            try sendFromRecord(step, argument: argument, in: &run)
        }
    }

    /// SendApprovalRequestFromRecord: open the lowest Created sequence; with none left, the sender's approval approves.
    private static func sendFromRecord(_ step: WorkflowStepInstance, argument: WorkflowStepArgument, in run: inout WorkflowRun) throws {
        let entries = run.approvalEntries(of: step.instanceId)
        let created = entries.filter { $0.status == .created }
        if let lowest = created.map(\.sequenceNo).min() {
            openEntries(created.filter { $0.sequenceNo == lowest }, argument: argument, in: &run)
            if completedGroupRequest(step, in: run) != nil,
               let lastApproved = entries.last(where: { $0.status == .approved }) {
                let openAtSameSequence = run.approvalEntries(of: step.instanceId).contains {
                    $0.status == .open && $0.sequenceNo == lastApproved.sequenceNo
                }
                if lastApproved.senderId != lastApproved.approverId || openAtSameSequence {
                    run.raise(approved(lastApproved))
                }
            }
            if showsConfirmation(step, in: run) { run.userMessages.append(pendingApprovalMessage) }
            return
        }
        guard let lastApproved = entries.last(where: { $0.status == .approved }) else {
            throw FlowGateError.conflict("approval-routing", ApprovalRouting.Failure.noApprovalRequests.message)
        }
        run.raise(approved(lastApproved))
    }

    /// SendApprovalRequestFromApprovalEntry: notify a delegated entry's approver, wait for open entries, else open the next sequence.
    private static func sendFromApprovalEntry(_ entry: ApprovalEntry, step: WorkflowStepInstance, argument: WorkflowStepArgument, in run: inout WorkflowRun) {
        if entry.status == .open {
            notify(entry, argument: argument, in: &run)
            return
        }
        let entries = run.approvalEntries(of: entry.workflowStepInstanceId)
        let isGroup = entry.approvalType == .workflowUserGroup
        let stillOpen = entries.contains { $0.status == .open && (!isGroup || $0.sequenceNo > entry.sequenceNo) }
        if stillOpen { return }
        let created = entries.filter { $0.status == .created }
        guard let lowest = created.map(\.sequenceNo).min() else { return }
        openEntries(created.filter { $0.sequenceNo == lowest }, argument: argument, in: &run)
    }

    /// APPROVEALLAPPROVALREQUESTS: every Created or Open entry of the run.
    static func approveAll(_ step: WorkflowStepInstance, in run: inout WorkflowRun) {
        for var entry in run.approvalEntries(of: step.instanceId) where entry.approveAsPartOfRequest(by: run.userId, at: run.now) {
            run.update(entry)
        }
    }

    /// REJECTALLAPPROVALREQUESTS: every entry not already Rejected or Canceled; the ones that were Open are notified.
    static func rejectAll(_ step: WorkflowStepInstance, argument: WorkflowStepArgument, in run: inout WorkflowRun) {
        for var entry in run.approvalEntries(of: step.instanceId) {
            let wasOpen = entry.status == .open
            guard entry.rejectAsPartOfRequest(by: run.userId, at: run.now) else { continue }
            run.update(entry)
            if wasOpen { notify(entry, argument: argument, in: &run) }
        }
    }

    /// CANCELALLAPPROVALREQUESTS: every entry not already Rejected or Canceled; the ones that were Open or Approved are notified.
    static func cancelAll(_ step: WorkflowStepInstance, argument: WorkflowStepArgument, in run: inout WorkflowRun) {
        for var entry in run.approvalEntries(of: step.instanceId) {
            let wasNotified = entry.status == .open || entry.status == .approved
            guard entry.cancelAsPartOfRequest(by: run.userId, at: run.now) else { continue }
            run.update(entry)
            if wasNotified { notify(entry, argument: argument, in: &run) }
        }
    }

    /// CREATEOVERDUENOTIFICATIONS: an Overdue notification to the approver of each open entry due by today.
    static func createOverdueNotifications(in run: inout WorkflowRun) {
        let today = run.now.startOfUTCDay
        for entry in run.approvalEntries where entry.status == .open && entry.dueDate <= today {
            run.notify(entry.approverId, type: .overdue, entryNo: entry.entryNo)
        }
        run.userMessages.append("Overdue approval entries have been created.")
    }

    // MARK: Helpers

    static let pendingApprovalMessage = "An approval request has been sent."

    /// The approval event an Approved entry raises on its own run.
    static func approved(_ entry: ApprovalEntry) -> WorkflowEvent {
        WorkflowEvent(WorkflowEvents.approveApprovalRequest, subject: .approvalEntry(entryNo: entry.entryNo), instanceId: entry.workflowStepInstanceId)
    }

    private static func openEntries(_ entries: [ApprovalEntry], argument: WorkflowStepArgument, in run: inout WorkflowRun) {
        for var entry in entries {
            entry.open(at: run.now)
            run.update(entry)
            notify(entry, argument: argument, in: &run)
        }
    }

    /// CreateApprovalEntryNotification: the approver unless it is the acting user or the entry is rejected;
    /// the sender when the step says Notify Sender and the sender is neither the acting user nor the approver.
    static func notify(_ entry: ApprovalEntry, argument: WorkflowStepArgument, in run: inout WorkflowRun) {
        if (entry.approverId != run.userId || run.background) && entry.status != .rejected {
            run.notify(entry.approverId, type: .approval, entryNo: entry.entryNo, link: argument.customLink)
        }
        if argument.notifySender == true && (entry.senderId != run.userId || run.background) && entry.senderId != entry.approverId {
            run.notify(entry.senderId, type: .approval, entryNo: entry.entryNo, link: argument.customLink)
        }
    }

    /// The run's completed CREATEAPPROVALREQUESTS step for a workflow user group, if it has one.
    private static func completedGroupRequest(_ step: WorkflowStepInstance, in run: WorkflowRun) -> WorkflowStepInstance? {
        run.stepInstances.first {
            $0.instanceId == step.instanceId && $0.functionName == WorkflowResponses.createApprovalRequests
                && $0.status == .completed && $0.argument?.approverType == .workflowUserGroup
        }
    }

    /// Whether the run's CREATEAPPROVALREQUESTS step asks for a confirmation message.
    private static func showsConfirmation(_ step: WorkflowStepInstance, in run: WorkflowRun) -> Bool {
        run.stepInstances.contains {
            $0.instanceId == step.instanceId && $0.functionName == WorkflowResponses.createApprovalRequests
                && $0.argument?.showConfirmationMessage == true
        }
    }
}
