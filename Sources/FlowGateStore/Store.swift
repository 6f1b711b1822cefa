import FlowGateCore
import Foundation

/// Where FlowGate keeps its state. Every method is one atomic unit of work.
///
/// Implementations: `SQLiteStore` (embedded default); PostgreSQL later, against the same test suite.
public protocol Store: Sendable {
    /// Succeeds when the store answers a query; `/health/ready` calls it.
    func checkReady() async throws

    // MARK: Companies
    func createCompany(_ company: Company) async throws -> Company
    func companies(_ page: PageRequest) async throws -> Page<Company>
    /// A company by id or by its unique name (case-insensitive).
    func company(idOrName: String) async throws -> Company?

    // MARK: Users and API keys
    func userCount() async throws -> Int
    func createUser(_ user: User) async throws -> User
    func users(_ page: PageRequest) async throws -> Page<User>
    func user(named userName: String) async throws -> User?
    func updateUser(_ user: User, precondition: VersionPrecondition) async throws -> User
    func createAPIKey(_ key: APIKey) async throws -> APIKey
    func apiKeys(userName: String) async throws -> [APIKey]
    func deleteAPIKey(id: UUID, userName: String) async throws
    /// The key with this hash and its user, for authentication.
    func apiKey(hash: String) async throws -> (APIKey, User)?

    // MARK: Setup
    func salespersonsPurchasers(companyId: UUID, _ page: PageRequest) async throws -> Page<SalespersonPurchaser>
    func salespersonPurchaser(companyId: UUID, code: String) async throws -> SalespersonPurchaser?
    func putSalespersonPurchaser(_ value: SalespersonPurchaser, precondition: VersionPrecondition) async throws -> Stored<SalespersonPurchaser>
    func deleteSalespersonPurchaser(companyId: UUID, code: String, precondition: VersionPrecondition) async throws

    func approvalUserSetups(companyId: UUID, _ page: PageRequest) async throws -> Page<ApprovalUserSetup>
    func approvalUserSetup(companyId: UUID, userName: String) async throws -> ApprovalUserSetup?
    /// Validates the setup against the company's other setup (Business Central's rules) and stores it.
    func putApprovalUserSetup(_ value: ApprovalUserSetup, precondition: VersionPrecondition) async throws -> Stored<ApprovalUserSetup>
    func deleteApprovalUserSetup(companyId: UUID, userName: String, precondition: VersionPrecondition) async throws

    func workflowUserGroups(companyId: UUID, _ page: PageRequest) async throws -> Page<WorkflowUserGroup>
    func workflowUserGroup(companyId: UUID, code: String) async throws -> WorkflowUserGroup?
    func putWorkflowUserGroup(_ value: WorkflowUserGroup, precondition: VersionPrecondition) async throws -> Stored<WorkflowUserGroup>
    func deleteWorkflowUserGroup(companyId: UUID, code: String, precondition: VersionPrecondition) async throws

    // MARK: Records
    func createRecord(companyId: UUID, entitySet: EntitySet, changes: RecordChanges, now: Date) async throws -> BusinessRecord
    func records(companyId: UUID, entitySet: EntitySet, _ page: PageRequest) async throws -> Page<BusinessRecord>
    func record(companyId: UUID, entitySet: EntitySet, id: UUID) async throws -> BusinessRecord?
    func updateRecord(
        companyId: UUID, entitySet: EntitySet, id: UUID, changes: RecordChanges, precondition: VersionPrecondition, now: Date
    ) async throws -> BusinessRecord
    func deleteRecord(companyId: UUID, entitySet: EntitySet, id: UUID, precondition: VersionPrecondition) async throws
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
