import FlowGateCore
import FlowGateDelivery
import Foundation

/// The entries workflows leave: approval entries, notification entries and Flow entries.
public protocol EntryStore: Sendable {
    func approvalEntries(companyId: UUID, _ query: ApprovalEntryQuery, _ page: PageRequest) async throws -> Page<ApprovalEntry>
    func approvalEntry(companyId: UUID, entryNo: Int) async throws -> ApprovalEntry?
    /// Open approval entries of every company that have a delegation formula (Delegate After).
    func openEntriesWithDelegation() async throws -> [ApprovalEntry]
    func notificationEntries(companyId: UUID, recipient: String?, _ page: PageRequest) async throws -> Page<NotificationEntry>

    /// Flow entries, with the delivery state of their messages.
    func webhookEntries(companyId: UUID, _ query: WebhookEntryQuery, _ page: PageRequest) async throws -> Page<WorkflowWebhookEntry>
    func webhookEntry(companyId: UUID, entryNo: Int) async throws -> WorkflowWebhookEntry?
    /// The latest Flow entry of a run (any company), which the callbacks address by the run's id.
    func webhookEntry(workflowStepInstanceId: UUID) async throws -> WorkflowWebhookEntry?
    /// In one transaction: reads the Flow entry with its delivery state, lets `rule` refuse, and makes the entry's
    /// latest message due again at `now` (same id, attempts kept); returns the entry afterwards, nil when there is
    /// no such entry, 404 when no message was ever sent about it.
    func resubmitWebhookEntry(
        companyId: UUID, entryNo: Int, now: Date, rule: @escaping @Sendable (WorkflowWebhookEntry) throws -> Void
    ) async throws -> WorkflowWebhookEntry?
}
