import FlowGateCore
import FlowGateDelivery
import Foundation

/// Which Flow entries a list shows.
public struct WebhookEntryQuery: Sendable {
    public var recordId: UUID?
    public var response: WebhookResponse?

    public init(recordId: UUID? = nil, response: WebhookResponse? = nil) {
        self.recordId = recordId
        self.response = response
    }
}

/// Which messages a deliveries list shows.
public struct DeliveryQuery: Sendable {
    public var status: DeliveryStatus?
    public var subscriptionId: UUID?
    public var companyId: UUID?
    /// Only messages of these companies (a key limited to some companies); nil for all.
    public var companyIds: Set<UUID>?

    public init(status: DeliveryStatus? = nil, subscriptionId: UUID? = nil, companyId: UUID? = nil, companyIds: Set<UUID>? = nil) {
        self.status = status
        self.subscriptionId = subscriptionId
        self.companyId = companyId
        self.companyIds = companyIds
    }
}

/// Which approval entries a list shows.
public struct ApprovalEntryQuery: Sendable {
    public var status: ApprovalStatus?
    public var approverId: String?
    public var recordId: UUID?
    /// Only entries this user approves or sent (a `user` key's view).
    public var involving: String?

    public init(status: ApprovalStatus? = nil, approverId: String? = nil, recordId: UUID? = nil, involving: String? = nil) {
        self.status = status
        self.approverId = approverId
        self.recordId = recordId
        self.involving = involving
    }
}

/// An outcome as stored: the record with its new version, and new approval entries with their final numbers.
public struct AppliedOutcome: Sendable {
    public var record: BusinessRecord
    public var approvalEntries: [ApprovalEntry]
    public var notifications: [NotificationEntry]
    public var stepInstances: [WorkflowStepInstance]
    /// Flow entries created or changed, new ones with their final numbers.
    public var webhookEntries: [WorkflowWebhookEntry]

    public init(
        record: BusinessRecord, approvalEntries: [ApprovalEntry], notifications: [NotificationEntry], stepInstances: [WorkflowStepInstance],
        webhookEntries: [WorkflowWebhookEntry] = []
    ) {
        self.record = record
        self.approvalEntries = approvalEntries
        self.notifications = notifications
        self.stepInstances = stepInstances
        self.webhookEntries = webhookEntries
    }
}

/// The result of a PUT: the stored value and whether it was created (201) or replaced (200).
public struct Stored<Value: Sendable>: Sendable {
    public var value: Value
    public var created: Bool

    public init(value: Value, created: Bool) {
        self.value = value
        self.created = created
    }
}
