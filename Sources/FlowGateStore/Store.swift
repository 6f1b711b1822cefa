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

    // MARK: Workflows
    func workflows(companyId: UUID, _ page: PageRequest) async throws -> Page<Workflow>
    func workflow(companyId: UUID, code: String) async throws -> Workflow?
    /// Creates or replaces a workflow; `check` runs inside the transaction with the company's other enabled workflows.
    func putWorkflow(
        _ workflow: Workflow, precondition: VersionPrecondition, check: @Sendable (Workflow, _ otherEnabled: [Workflow]) throws -> Void
    ) async throws -> Stored<Workflow>
    /// Stores several workflows at once, all or none, each checked as `putWorkflow` does.
    func importWorkflows(
        _ workflows: [Workflow], check: @Sendable (Workflow, _ otherEnabled: [Workflow]) throws -> Void
    ) async throws -> [Stored<Workflow>]
    /// Deletes a disabled workflow that no running instance uses.
    func deleteWorkflow(companyId: UUID, code: String, precondition: VersionPrecondition) async throws

    // MARK: Workflow state
    /// The record and everything the engine may read about it, or nil when the record does not exist.
    func workflowSnapshot(companyId: UUID, entitySet: EntitySet, recordId: UUID) async throws -> WorkflowSnapshot?
    /// Stores an outcome in one transaction, if the record's version is still the snapshot's; else `concurrent-change`.
    func apply(_ outcome: WorkflowOutcome) async throws -> AppliedOutcome
    func approvalEntries(companyId: UUID, _ query: ApprovalEntryQuery, _ page: PageRequest) async throws -> Page<ApprovalEntry>
    func approvalEntry(companyId: UUID, entryNo: Int) async throws -> ApprovalEntry?
    func stepInstances(companyId: UUID, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance>
    /// Moves the step instances of finished runs (no step active) to the archive; returns how many instances moved.
    func archiveFinishedInstances(companyId: UUID, now: Date) async throws -> Int
    func archivedStepInstances(companyId: UUID, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance>
    func notificationEntries(companyId: UUID, recipient: String?, _ page: PageRequest) async throws -> Page<NotificationEntry>
    /// Open approval entries of every company that have a delegation formula (Delegate After).
    func openEntriesWithDelegation() async throws -> [ApprovalEntry]
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

    public init(record: BusinessRecord, approvalEntries: [ApprovalEntry], notifications: [NotificationEntry], stepInstances: [WorkflowStepInstance]) {
        self.record = record
        self.approvalEntries = approvalEntries
        self.notifications = notifications
        self.stepInstances = stepInstances
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
