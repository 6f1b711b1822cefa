import Foundation

/// Everything the engine may read to handle an event on one record, loaded by the store beforehand.
public struct WorkflowSnapshot: Sendable {
    /// The record the event is about, as stored; its version guards the outcome against concurrent changes.
    public var record: BusinessRecord
    /// The record as it was before the change, for record-change events (Business Central's xRec).
    public var previousRecord: BusinessRecord?
    /// The company's enabled workflows, whose entry points may start a new run.
    public var workflows: [Workflow]
    /// The record's live (not archived) step instances.
    public var stepInstances: [WorkflowStepInstance]
    /// The record's approval entries.
    public var approvalEntries: [ApprovalEntry]
    /// Field changes of the record held back for approval.
    public var recordChanges: [WorkflowRecordChange]
    public var setups: [ApprovalUserSetup]
    public var groups: [WorkflowUserGroup]
    /// The entry number the next new approval entry gets; the store renumbers if others took it meanwhile.
    public var nextApprovalEntryNo: Int
    /// The customer of a sales document, for CHECKCUSTOMERCREDITLIMIT.
    public var customer: BusinessRecord?
    /// The lines of a general journal batch, for CHECKGENERALJOURNALBATCHBALANCE.
    public var journalLines: [BusinessRecord]
    /// The record's Flow entries (requests sent to automation platforms).
    public var webhookEntries: [WorkflowWebhookEntry]
    /// The entry number the next new Flow entry gets; renumbered by the store like approval entries.
    public var nextWebhookEntryNo: Int

    public init(
        record: BusinessRecord, previousRecord: BusinessRecord? = nil, workflows: [Workflow] = [],
        stepInstances: [WorkflowStepInstance] = [], approvalEntries: [ApprovalEntry] = [],
        recordChanges: [WorkflowRecordChange] = [], setups: [ApprovalUserSetup] = [], groups: [WorkflowUserGroup] = [],
        nextApprovalEntryNo: Int = 1, customer: BusinessRecord? = nil, journalLines: [BusinessRecord] = [],
        webhookEntries: [WorkflowWebhookEntry] = [], nextWebhookEntryNo: Int = 1
    ) {
        self.record = record
        self.previousRecord = previousRecord
        self.workflows = workflows
        self.stepInstances = stepInstances
        self.approvalEntries = approvalEntries
        self.recordChanges = recordChanges
        self.setups = setups
        self.groups = groups
        self.nextApprovalEntryNo = nextApprovalEntryNo
        self.customer = customer
        self.journalLines = journalLines
        self.webhookEntries = webhookEntries
        self.nextWebhookEntryNo = nextWebhookEntryNo
    }

    public func setup(_ userName: String) -> ApprovalUserSetup? {
        setups.first { $0.userName == userName }
    }

    /// The company's approval administrator, if one is set up.
    public var approvalAdministrator: ApprovalUserSetup? {
        setups.sorted { $0.userName < $1.userName }.first { $0.approvalAdministrator }
    }
}

/// What handling an event changes: to be applied by the store in one transaction, or not at all.
public struct WorkflowOutcome: Sendable {
    /// The record after the responses; its `version` is still the snapshot's, which the store checks and bumps.
    public var record: BusinessRecord
    /// Whether the record's own data (status, restriction, fields) changed.
    public var recordChanged: Bool
    /// Every step of each run the outcome created or changed, in run order: a run is stored whole.
    public var stepInstances: [WorkflowStepInstance]
    /// Approval entries created or changed; new ones are numbered from `firstNewApprovalEntryNo`.
    public var approvalEntries: [ApprovalEntry]
    public var firstNewApprovalEntryNo: Int
    public var notifications: [NotificationEntry]
    /// Flow entries created or changed; new ones are numbered from `firstNewWebhookEntryNo`.
    public var webhookEntries: [WorkflowWebhookEntry] = []
    public var firstNewWebhookEntryNo: Int = 1
    /// The record's held-back field changes after the responses (replacing the snapshot's).
    public var recordChanges: [WorkflowRecordChange]
    public var recordChangesChanged: Bool
    /// Messages for the user (SHOWMESSAGE, confirmations), in the order they were made.
    public var userMessages: [String]
    /// The workflow that took the event, when one did.
    public var workflowCode: String?
    /// Whether any workflow step took the event.
    public var handled: Bool
    /// When the event was handled: the time of the record's change, for record-change notifications.
    public var decidedAt: Date = Date(timeIntervalSince1970: 0)

    /// The Flow entries this outcome creates, whose requests go out to automation platforms.
    public var newWebhookEntries: [WorkflowWebhookEntry] {
        webhookEntries.filter { $0.entryNo >= firstNewWebhookEntryNo }
    }

    /// True when applying the outcome would change nothing.
    public var isEmpty: Bool {
        !recordChanged && stepInstances.isEmpty && approvalEntries.isEmpty && notifications.isEmpty && !recordChangesChanged
            && webhookEntries.isEmpty
    }
}

/// A record the engine may read besides the event's own, for the store to load into the snapshot.
public enum RelatedRecords: Sendable, Equatable {
    /// The record of `entitySet` whose number is `number`.
    case byNumber(EntitySet, number: String)
    /// The records of `entitySet` whose field `field` holds `value`.
    case byField(EntitySet, field: String, value: String)

    /// A sales document's customer, for CHECKCUSTOMERCREDITLIMIT.
    public static func customer(of record: BusinessRecord) -> RelatedRecords? {
        guard record.entitySet == .salesDocuments, case .string(let number)? = record.fields["customerNumber"] else { return nil }
        return .byNumber(.customers, number: number)
    }

    /// A general journal batch's lines, for CHECKGENERALJOURNALBATCHBALANCE.
    public static func journalLines(of record: BusinessRecord) -> RelatedRecords? {
        guard record.entitySet == .generalJournalBatches else { return nil }
        return .byField(.generalJournalLines, field: "journalBatchName", value: record.number)
    }
}
