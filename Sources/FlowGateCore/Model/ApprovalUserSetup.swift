import Foundation

/// One user's approval setup in a company, as Business Central's table 91 "User Setup".
public struct ApprovalUserSetup: Sendable, Equatable, Codable {
    public var companyId: UUID
    public var userName: String
    /// The user who approves this user's requests next in the chain.
    public var approverId: String?
    public var salespersonPurchaserCode: String?
    public var salesAmountApprovalLimit: Decimal
    public var unlimitedSalesApproval: Bool
    public var purchaseAmountApprovalLimit: Decimal
    public var unlimitedPurchaseApproval: Bool
    public var requestAmountApprovalLimit: Decimal
    public var unlimitedRequestApproval: Bool
    /// Takes over this user's approvals when they are delegated.
    public var substitute: String?
    public var email: String?
    public var approvalAdministrator: Bool
    public var version: Int

    public init(
        companyId: UUID, userName: String, approverId: String? = nil, salespersonPurchaserCode: String? = nil,
        salesAmountApprovalLimit: Decimal = 0, unlimitedSalesApproval: Bool = false,
        purchaseAmountApprovalLimit: Decimal = 0, unlimitedPurchaseApproval: Bool = false,
        requestAmountApprovalLimit: Decimal = 0, unlimitedRequestApproval: Bool = false,
        substitute: String? = nil, email: String? = nil, approvalAdministrator: Bool = false, version: Int = 1
    ) {
        self.companyId = companyId
        self.userName = userName
        self.approverId = approverId
        self.salespersonPurchaserCode = salespersonPurchaserCode
        self.salesAmountApprovalLimit = salesAmountApprovalLimit
        self.unlimitedSalesApproval = unlimitedSalesApproval
        self.purchaseAmountApprovalLimit = purchaseAmountApprovalLimit
        self.unlimitedPurchaseApproval = unlimitedPurchaseApproval
        self.requestAmountApprovalLimit = requestAmountApprovalLimit
        self.unlimitedRequestApproval = unlimitedRequestApproval
        self.substitute = substitute
        self.email = email
        self.approvalAdministrator = approvalAdministrator
        self.version = version
    }
}

/// A salesperson or purchaser code, referenced by documents and approval user setup.
public struct SalespersonPurchaser: Sendable, Equatable, Codable {
    public var companyId: UUID
    public var code: String
    public var name: String
    public var email: String?
    public var version: Int

    public init(companyId: UUID, code: String, name: String = "", email: String? = nil, version: Int = 1) {
        self.companyId = companyId
        self.code = code
        self.name = name
        self.email = email
        self.version = version
    }
}

/// A named set of users who approve together; members with the same sequence number approve in parallel.
public struct WorkflowUserGroup: Sendable, Equatable, Codable {
    public struct Member: Sendable, Equatable, Codable {
        public var userName: String
        public var sequenceNo: Int
        public init(userName: String, sequenceNo: Int) {
            self.userName = userName
            self.sequenceNo = sequenceNo
        }
    }

    public var companyId: UUID
    public var code: String
    public var description: String
    public var members: [Member]
    public var version: Int

    public init(companyId: UUID, code: String, description: String = "", members: [Member] = [], version: Int = 1) {
        self.companyId = companyId
        self.code = code
        self.description = description
        self.members = members
        self.version = version
    }
}
