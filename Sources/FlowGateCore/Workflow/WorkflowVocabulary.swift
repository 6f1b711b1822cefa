/// Business Central's option values used in workflow definitions, spelled as its UI spells them.

/// Workflow Step `Type`.
public enum WorkflowStepType: String, Sendable, Codable, CaseIterable {
    case event = "Event"
    case response = "Response"
    case subWorkflow = "Sub-Workflow"
}

/// Workflow categories (table 1524's standard codes).
public enum WorkflowCategory: String, Sendable, Codable, CaseIterable {
    case int = "INT", sales = "SALES", purch = "PURCH", purchDoc = "PURCHDOC", salesDoc = "SALESDOC", admin = "ADMIN", fin = "FIN"

    public var description: String {
        switch self {
        case .int: "Incoming Document"
        case .sales: "Sales"
        case .purch: "Purchase"
        case .purchDoc: "Purchase Documents"
        case .salesDoc: "Sales Documents"
        case .admin: "Administration"
        case .fin: "Finance"
        }
    }
}

/// Enum 460 "Workflow Approver Type": who the approvers are.
public enum ApproverType: String, Sendable, Codable, CaseIterable {
    case salespersonPurchaser = "Salesperson/Purchaser"
    case approver = "Approver"
    case workflowUserGroup = "Workflow User Group"
}

/// Enum 465 "Workflow Approver Limit Type": how far up the chain requests go.
public enum ApproverLimitType: String, Sendable, Codable, CaseIterable {
    case approverChain = "Approver Chain"
    case directApprover = "Direct Approver"
    case firstQualifiedApprover = "First Qualified Approver"
    case specificApprover = "Specific Approver"
}

/// Workflow Step Argument `Delegate After`: when an open request moves to the substitute by itself.
public enum DelegateAfter: String, Sendable, Codable, CaseIterable {
    case never = "Never"
    case oneDay = "1 day"
    case twoDays = "2 days"
    case fiveDays = "5 days"

    /// Business Central's delegation date formula: '', <1D>, <2D>, <5D>.
    public var days: Int? {
        switch self {
        case .never: nil
        case .oneDay: 1
        case .twoDays: 2
        case .fiveDays: 5
        }
    }
}

/// Workflow Step Argument `Notification Entry Type`.
public enum NotificationEntryType: String, Sendable, Codable, CaseIterable {
    case newRecord = "New Record"
    case approval = "Approval"
    case overdue = "Overdue"
}

/// Workflow Step Argument `Response Type` of SENDNOTIFICATIONTOWEBHOOK.
public enum WebhookResponseType: String, Sendable, Codable, CaseIterable {
    case notExpected = "Not Expected"
    case userId = "User ID"
}

/// Workflow Rule `Operator` of record-change events.
public enum WorkflowRuleOperator: String, Sendable, Codable, CaseIterable {
    case increased = "Increased"
    case decreased = "Decreased"
    case changed = "Changed"
}

/// Where a workflow came from: made in FlowGate, or registered by an automation platform's subscription.
public enum WorkflowSource: String, Sendable, Codable, CaseIterable {
    case native, flow
}
