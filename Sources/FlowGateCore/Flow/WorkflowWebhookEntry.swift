import Foundation

/// Option field `Response` of table 467 "Workflow Webhook Entry": what the automation platform answered.
public enum WebhookResponse: String, Sendable, Codable, CaseIterable {
    case notExpected = "NotExpected"
    case pending = "Pending"
    case cancel = "Cancel"
    case `continue` = "Continue"
    case reject = "Reject"
}

/// Status of table 468 "Workflow Webhook Notification": how far delivering the entry's request got.
public enum WebhookNotificationStatus: String, Sendable, Codable, CaseIterable {
    case pending = "Pending"
    case sent = "Sent"
    case failed = "Failed"
}

/// A request sent to an automation platform by SENDNOTIFICATIONTOWEBHOOK (table 467 "Workflow Webhook Entry",
/// shown as Flow Entries), waiting for its approve, reject or cancel callback.
public struct WorkflowWebhookEntry: Sendable, Codable, Equatable {
    /// Stable id of the entry; the outbound message about it carries it as its source.
    public var id: UUID
    public var companyId: UUID
    /// Numbered per company; provisional in an engine outcome until the store assigns it.
    public var entryNo: Int
    /// The run the request belongs to: the payload's "Workflow Step Id" and the callbacks' path.
    public var workflowStepInstanceId: UUID
    public var workflowCode: String
    /// The record the request is about (Data ID).
    public var recordId: UUID
    public var entitySet: EntitySet
    public var initiatedBy: String
    public var initiatedAt: Date
    public var response: WebhookResponse
    /// The only user who may approve or reject through the callbacks (the step's Response User ID).
    public var responseUserId: String?
    public var modifiedAt: Date
    public var modifiedBy: String
    /// Delivery state of the entry's message, read from the outbox by the store; nil in engine outcomes.
    public var notificationStatus: WebhookNotificationStatus?
    public var notificationError: String?

    public init(
        id: UUID, companyId: UUID, entryNo: Int, workflowStepInstanceId: UUID, workflowCode: String, recordId: UUID,
        entitySet: EntitySet, initiatedBy: String, initiatedAt: Date, response: WebhookResponse, responseUserId: String?,
        modifiedAt: Date? = nil, modifiedBy: String? = nil, notificationStatus: WebhookNotificationStatus? = nil,
        notificationError: String? = nil
    ) {
        self.id = id
        self.companyId = companyId
        self.entryNo = entryNo
        self.workflowStepInstanceId = workflowStepInstanceId
        self.workflowCode = workflowCode
        self.recordId = recordId
        self.entitySet = entitySet
        self.initiatedBy = initiatedBy
        self.initiatedAt = initiatedAt
        self.response = response
        self.responseUserId = responseUserId
        self.modifiedAt = modifiedAt ?? initiatedAt
        self.modifiedBy = modifiedBy ?? initiatedBy
        self.notificationStatus = notificationStatus
        self.notificationError = notificationError
    }
}

extension WorkflowWebhookEntry {
    /// Resubmitting (page 830's action) sends the request again: only while it waits for an answer and its delivery failed.
    public func checkCanBeResubmitted() throws {
        guard response == .pending else {
            throw FlowGateError.conflict(
                "flow-entry-not-failed", "Flow entry \(entryNo) was answered (\(response.rawValue)); there is nothing to resubmit."
            )
        }
        guard notificationStatus == .failed else {
            throw FlowGateError.conflict(
                "flow-entry-not-failed",
                "Flow entry \(entryNo) can be resubmitted only when sending it failed; its status is \(notificationStatus?.rawValue ?? "unknown")."
            )
        }
    }
}

