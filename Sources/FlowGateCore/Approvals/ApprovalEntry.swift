import Foundation

/// Enum 455: an approval entry's status.
public enum ApprovalStatus: String, Sendable, Codable, CaseIterable {
    case created = "Created"
    case open = "Open"
    case canceled = "Canceled"
    case rejected = "Rejected"
    case approved = "Approved"

    /// Created and Open entries still wait for someone: they count as Pending Approvals.
    public var isPending: Bool { self == .created || self == .open }
}

/// Enum 458 on the entry: which kind of approver setup produced it.
public enum ApprovalType: String, Sendable, Codable, CaseIterable {
    case workflowUserGroup = "Workflow User Group"
    case salespersonPurchaser = "Sales Pers./Purchaser"
    case approver = "Approver"

    public init(_ approverType: ApproverType) {
        switch approverType {
        case .salespersonPurchaser: self = .salespersonPurchaser
        case .approver: self = .approver
        case .workflowUserGroup: self = .workflowUserGroup
        }
    }
}

/// Enum 457 on the entry: whether the approver's limits were considered.
public enum ApprovalLimitType: String, Sendable, Codable, CaseIterable {
    case approvalLimits = "Approval Limits"
    case creditLimits = "Credit Limits"
    case requestLimits = "Request Limits"
    case noLimits = "No Limits"

    /// Chain and First Qualified weigh limits; Direct, Specific and any group entry do not.
    public init(approverType: ApproverType, limitType: ApproverLimitType) {
        if approverType == .workflowUserGroup {
            self = .noLimits
            return
        }
        switch limitType {
        case .approverChain, .firstQualifiedApprover: self = .approvalLimits
        case .directApprover, .specificApprover: self = .noLimits
        }
    }
}

/// An approval request to one approver (table 454 "Approval Entry").
public struct ApprovalEntry: Sendable, Codable, Equatable {
    public struct Comment: Sendable, Codable, Equatable {
        public var userId: String
        public var text: String
        public var createdAt: Date
        public init(userId: String, text: String, createdAt: Date) {
            self.userId = userId
            self.text = text
            self.createdAt = createdAt
        }
    }

    /// Ascending per company; the id clients use in URLs.
    public var entryNo: Int
    public var companyId: UUID
    public var entitySet: EntitySet
    public var documentType: DocumentType?
    public var documentNo: String
    public var recordId: UUID
    public var sequenceNo: Int
    /// The code of the workflow that created the entry (Business Central's Approval Code).
    public var approvalCode: String
    public var workflowStepInstanceId: UUID
    public var senderId: String
    public var salespersonPurchaserCode: String?
    public var approverId: String
    public var status: ApprovalStatus
    public var approvalType: ApprovalType
    public var limitType: ApprovalLimitType
    public var dateTimeSentForApproval: Date
    public var lastDateTimeModified: Date
    public var lastModifiedByUserId: String
    public var dueDate: Date
    /// `<1D>`, `<2D>` or `<5D>` from the step's Delegate After, or nil for Never.
    public var delegationDateFormula: String?
    public var amount: Decimal
    public var amountLCY: Decimal
    public var currencyCode: String?
    public var availableCreditLimitLCY: Decimal?
    public var comments: [Comment]

    public init(
        entryNo: Int, companyId: UUID, entitySet: EntitySet, documentType: DocumentType?, documentNo: String, recordId: UUID,
        sequenceNo: Int, approvalCode: String, workflowStepInstanceId: UUID, senderId: String, salespersonPurchaserCode: String?,
        approverId: String, status: ApprovalStatus, approvalType: ApprovalType, limitType: ApprovalLimitType, now: Date, dueDate: Date,
        delegationDateFormula: String?, amount: Decimal, amountLCY: Decimal, currencyCode: String?, availableCreditLimitLCY: Decimal? = nil
    ) {
        self.entryNo = entryNo
        self.companyId = companyId
        self.entitySet = entitySet
        self.documentType = documentType
        self.documentNo = documentNo
        self.recordId = recordId
        self.sequenceNo = sequenceNo
        self.approvalCode = approvalCode
        self.workflowStepInstanceId = workflowStepInstanceId
        self.senderId = senderId
        self.salespersonPurchaserCode = salespersonPurchaserCode
        self.approverId = approverId
        self.status = status
        self.approvalType = approvalType
        self.limitType = limitType
        self.dateTimeSentForApproval = now
        self.lastDateTimeModified = now
        self.lastModifiedByUserId = senderId
        self.dueDate = dueDate
        self.delegationDateFormula = delegationDateFormula
        self.amount = amount
        self.amountLCY = amountLCY
        self.currencyCode = currencyCode
        self.availableCreditLimitLCY = availableCreditLimitLCY
        self.comments = []
    }

    /// Created or Open and past its due date (Business Central's IsOverdue).
    public func isOverdue(today: Date) -> Bool {
        status.isPending && dueDate < today
    }
}
