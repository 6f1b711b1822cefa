import Foundation

/// One filter condition of an event: a record field (or a line field) and a Business Central filter on it.
public struct FieldCondition: Sendable, Codable, Equatable {
    public var field: String
    /// Filter text such as `Open`, `>=1000`, `1000..5000`, `A*|B*`.
    public var filter: String

    public init(field: String, filter: String) {
        self.field = field
        self.filter = filter
    }
}

/// An event's conditions: on the record's own fields and, for documents, on any of its lines.
public struct EventConditions: Sendable, Codable, Equatable {
    public var header: [FieldCondition]
    public var lines: [FieldCondition]

    public init(header: [FieldCondition] = [], lines: [FieldCondition] = []) {
        self.header = header
        self.lines = lines
    }

    public var isEmpty: Bool { header.isEmpty && lines.isEmpty }
}

/// Workflow Step Argument (table 1523): the options of one step. Unset options are nil and omitted on export.
public struct WorkflowStepArgument: Sendable, Codable, Equatable {
    public var eventConditions: EventConditions?
    public var approverType: ApproverType?
    public var approverLimitType: ApproverLimitType?
    public var workflowUserGroupCode: String?
    public var approverUserId: String?
    /// A date formula such as `<2D>` or `3D`; negative formulas are refused.
    public var dueDateFormula: String?
    public var delegateAfter: DelegateAfter?
    public var notifySender: Bool?
    public var notificationUserId: String?
    public var notificationEntryType: NotificationEntryType?
    public var message: String?
    public var linkTargetPage: Int?
    public var customLink: String?
    public var showConfirmationMessage: Bool?
    public var responseType: WebhookResponseType?
    public var responseUserId: String?
    /// Record-change rules: the field whose value is reverted, applied or discarded.
    public var fieldName: String?
    public var generalJournalTemplateName: String?
    public var generalJournalBatchName: String?

    public init(
        eventConditions: EventConditions? = nil, approverType: ApproverType? = nil, approverLimitType: ApproverLimitType? = nil,
        workflowUserGroupCode: String? = nil, approverUserId: String? = nil, dueDateFormula: String? = nil,
        delegateAfter: DelegateAfter? = nil, notifySender: Bool? = nil, notificationUserId: String? = nil,
        notificationEntryType: NotificationEntryType? = nil, message: String? = nil, linkTargetPage: Int? = nil,
        customLink: String? = nil, showConfirmationMessage: Bool? = nil, responseType: WebhookResponseType? = nil,
        responseUserId: String? = nil, fieldName: String? = nil, generalJournalTemplateName: String? = nil,
        generalJournalBatchName: String? = nil
    ) {
        self.eventConditions = eventConditions
        self.approverType = approverType
        self.approverLimitType = approverLimitType
        self.workflowUserGroupCode = workflowUserGroupCode
        self.approverUserId = approverUserId
        self.dueDateFormula = dueDateFormula
        self.delegateAfter = delegateAfter
        self.notifySender = notifySender
        self.notificationUserId = notificationUserId
        self.notificationEntryType = notificationEntryType
        self.message = message
        self.linkTargetPage = linkTargetPage
        self.customLink = customLink
        self.showConfirmationMessage = showConfirmationMessage
        self.responseType = responseType
        self.responseUserId = responseUserId
        self.fieldName = fieldName
        self.generalJournalTemplateName = generalJournalTemplateName
        self.generalJournalBatchName = generalJournalBatchName
    }
}

/// Workflow Rule (table 1524): a record-change event fires when this field increased, decreased or changed.
public struct WorkflowRule: Sendable, Codable, Equatable {
    public var id: Int
    public var fieldName: String
    public var `operator`: WorkflowRuleOperator

    public init(id: Int, fieldName: String, operator: WorkflowRuleOperator) {
        self.id = id
        self.fieldName = fieldName
        self.operator = `operator`
    }
}

/// Workflow Step (table 1502): an event or a response in a workflow's tree.
///
/// A step follows its `previousStepId`; several steps after the same one are alternative
/// branches tried in `sequenceNo` order. `nextStepId` is a "go to" that loops back.
public struct WorkflowStep: Sendable, Codable, Equatable {
    public var id: Int
    public var description: String
    public var entryPoint: Bool
    public var previousStepId: Int?
    public var nextStepId: Int?
    public var type: WorkflowStepType
    public var functionName: String
    public var sequenceNo: Int
    public var argument: WorkflowStepArgument?
    public var rules: [WorkflowRule]

    public init(
        id: Int, description: String = "", entryPoint: Bool = false, previousStepId: Int? = nil, nextStepId: Int? = nil,
        type: WorkflowStepType, functionName: String, sequenceNo: Int = 1, argument: WorkflowStepArgument? = nil,
        rules: [WorkflowRule] = []
    ) {
        self.id = id
        self.description = description
        self.entryPoint = entryPoint
        self.previousStepId = previousStepId
        self.nextStepId = nextStepId
        self.type = type
        self.functionName = functionName
        self.sequenceNo = sequenceNo
        self.argument = argument
        self.rules = rules
    }
}
