import Foundation

/// A notification to one user (table 1511 "Notification Entry"), made by a workflow response.
///
/// FlowGate records them; sending them by e-mail is the notification dispatcher's job.
public struct NotificationEntry: Sendable, Codable, Equatable {
    public var id: UUID
    public var companyId: UUID
    public var type: NotificationEntryType
    public var recipientUserId: String
    public var recordId: UUID
    public var entitySet: EntitySet
    public var approvalEntryNo: Int?
    public var createdAt: Date
    public var createdBy: String
    /// The step's Custom Link, when it has one.
    public var link: String?

    public init(
        id: UUID, companyId: UUID, type: NotificationEntryType, recipientUserId: String, recordId: UUID, entitySet: EntitySet,
        approvalEntryNo: Int?, createdAt: Date, createdBy: String, link: String? = nil
    ) {
        self.id = id
        self.companyId = companyId
        self.type = type
        self.recipientUserId = recipientUserId
        self.recordId = recordId
        self.entitySet = entitySet
        self.approvalEntryNo = approvalEntryNo
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.link = link
    }
}

/// A field change held back for approval (table 1525 "Workflow Record Change"): REVERTVALUEFORFIELD keeps
/// the new value here; APPLYNEWVALUES writes it back, DISCARDNEWVALUES drops it.
public struct WorkflowRecordChange: Sendable, Codable, Equatable {
    public var fieldName: String
    public var oldValue: JSONValue?
    public var newValue: JSONValue?
    public var instanceId: UUID

    public init(fieldName: String, oldValue: JSONValue?, newValue: JSONValue?, instanceId: UUID) {
        self.fieldName = fieldName
        self.oldValue = oldValue
        self.newValue = newValue
        self.instanceId = instanceId
    }
}
