import Foundation

/// The working state while the engine handles one event and the events its responses raise.
///
/// Responses, including a deployment's own (`WorkflowResponseHandler`), read and change it;
/// `outcome` then says what differs from the snapshot.
public struct WorkflowRun: Sendable {
    public let snapshot: WorkflowSnapshot
    public let now: Date
    /// The user on whose behalf the event happened (Business Central's UserId).
    public let userId: String
    /// True for the scheduler's work (Business Central's background session): the acting user is notified too.
    public let background: Bool

    public var record: BusinessRecord
    public internal(set) var stepInstances: [WorkflowStepInstance]
    public internal(set) var approvalEntries: [ApprovalEntry]
    public internal(set) var webhookEntries: [WorkflowWebhookEntry]
    public var recordChanges: [WorkflowRecordChange]
    public var notifications: [NotificationEntry] = []
    public var userMessages: [String] = []
    public internal(set) var workflowCode: String?
    var nextApprovalEntryNo: Int
    var nextWebhookEntryNo: Int
    var pendingEvents: [WorkflowEvent] = []
    let makeId: @Sendable () -> UUID

    init(snapshot: WorkflowSnapshot, userId: String, background: Bool, now: Date, makeId: @escaping @Sendable () -> UUID) {
        self.snapshot = snapshot
        self.now = now
        self.userId = userId
        self.background = background
        self.record = snapshot.record
        self.stepInstances = snapshot.stepInstances
        self.approvalEntries = snapshot.approvalEntries
        self.recordChanges = snapshot.recordChanges
        self.nextApprovalEntryNo = snapshot.nextApprovalEntryNo
        self.webhookEntries = snapshot.webhookEntries
        self.nextWebhookEntryNo = snapshot.nextWebhookEntryNo
        self.makeId = makeId
    }

    /// Queues an event raised by a response; it is handled once the current chain of responses has run.
    public mutating func raise(_ event: WorkflowEvent) {
        pendingEvents.append(event)
    }

    /// The approval routing over the snapshot's setup.
    public var routing: ApprovalRouting { ApprovalRouting(setups: snapshot.setups, groups: snapshot.groups) }

    // MARK: Lookup and update helpers

    public func approvalEntry(_ entryNo: Int) -> ApprovalEntry? {
        approvalEntries.first { $0.entryNo == entryNo }
    }

    /// The run's approval entries, in entry-number order.
    public func approvalEntries(of instanceId: UUID) -> [ApprovalEntry] {
        approvalEntries.filter { $0.workflowStepInstanceId == instanceId }.sorted { $0.entryNo < $1.entryNo }
    }

    mutating func update(_ entry: ApprovalEntry) {
        if let index = approvalEntries.firstIndex(where: { $0.entryNo == entry.entryNo }) {
            approvalEntries[index] = entry
        } else {
            approvalEntries.append(entry)
        }
    }

    public func webhookEntry(_ entryNo: Int) -> WorkflowWebhookEntry? {
        webhookEntries.first { $0.entryNo == entryNo }
    }

    mutating func update(_ entry: WorkflowWebhookEntry) {
        if let index = webhookEntries.firstIndex(where: { $0.entryNo == entry.entryNo }) {
            webhookEntries[index] = entry
        } else {
            webhookEntries.append(entry)
        }
    }

    func stepInstance(_ instanceId: UUID, _ stepId: Int) -> WorkflowStepInstance? {
        stepInstances.first { $0.instanceId == instanceId && $0.stepId == stepId }
    }

    mutating func setStatus(_ status: WorkflowStepStatus, _ instanceId: UUID, _ stepId: Int) {
        guard let index = stepInstances.firstIndex(where: { $0.instanceId == instanceId && $0.stepId == stepId }) else { return }
        stepInstances[index].status = status
        stepInstances[index].modifiedAt = now
        stepInstances[index].modifiedBy = userId
    }

    /// The steps of a run that follow `stepId`, in branch order.
    func children(of stepId: Int, in instanceId: UUID) -> [WorkflowStepInstance] {
        stepInstances.filter { $0.instanceId == instanceId && $0.previousStepId == stepId }
            .sorted { ($0.sequenceNo, $0.stepId) < ($1.sequenceNo, $1.stepId) }
    }

    /// Adds a notification to `recipient` about this record.
    public mutating func notify(_ recipient: String, type: NotificationEntryType, entryNo: Int?, link: String? = nil) {
        notifications.append(
            NotificationEntry(
                id: makeId(), companyId: record.companyId, type: type, recipientUserId: recipient, recordId: record.id,
                entitySet: record.entitySet, approvalEntryNo: entryNo, createdAt: now, createdBy: userId, link: link
            )
        )
    }

    /// What differs from the snapshot.
    func outcome(handled: Bool) -> WorkflowOutcome {
        // Steps are only ever changed in place or appended, so the snapshot's steps keep their positions.
        let old = snapshot.stepInstances
        let changed = stepInstances.indices.filter { $0 >= old.count || stepInstances[$0] != old[$0] }
        let changedRuns = Set(changed.map { stepInstances[$0].instanceId })
        let changedRunSteps = stepInstances.filter { changedRuns.contains($0.instanceId) }
        let entriesBefore = Dictionary(snapshot.approvalEntries.map { ($0.entryNo, $0) }, uniquingKeysWith: { a, _ in a })
        let changedEntries = approvalEntries.filter { entriesBefore[$0.entryNo] != $0 }.sorted { $0.entryNo < $1.entryNo }
        let webhookBefore = Dictionary(snapshot.webhookEntries.map { ($0.entryNo, $0) }, uniquingKeysWith: { a, _ in a })
        let changedWebhookEntries = webhookEntries.filter { webhookBefore[$0.entryNo] != $0 }.sorted { $0.entryNo < $1.entryNo }
        return WorkflowOutcome(
            // A change event's snapshot already holds the requested change; the stored record is the previous one.
            record: record, recordChanged: record != (snapshot.previousRecord ?? snapshot.record), stepInstances: changedRunSteps, approvalEntries: changedEntries,
            firstNewApprovalEntryNo: snapshot.nextApprovalEntryNo, notifications: notifications,
            webhookEntries: changedWebhookEntries, firstNewWebhookEntryNo: snapshot.nextWebhookEntryNo, recordChanges: recordChanges,
            recordChangesChanged: recordChanges != snapshot.recordChanges, userMessages: userMessages, workflowCode: workflowCode,
            handled: handled, decidedAt: now
        )
    }
}
