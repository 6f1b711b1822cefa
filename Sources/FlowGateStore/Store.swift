import FlowGateCore
import FlowGateDelivery
import Foundation

/// Where FlowGate keeps its state. Every method is one atomic unit of work.
///
/// Implementations: `SQLiteStore` (embedded default); PostgreSQL later, against the same test suite.
public protocol Store: DeliveryOutbox {
    /// Succeeds when the store answers a query; `/health/ready` calls it.
    func checkReady() async throws

    // MARK: Companies
    func createCompany(_ company: Company) async throws -> Company
    /// Companies in creation order; only those in `ids` when given (a key limited to some companies).
    func companies(_ page: PageRequest, ids: Set<UUID>?) async throws -> Page<Company>
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
    /// Stores an outcome and the messages it sends in one transaction (the transactional outbox), if the
    /// record's version is still the snapshot's; else `concurrent-change`. New Flow entries are renumbered
    /// like approval entries; messages refer to them by their stable `id` (`sourceId`).
    func apply(_ outcome: WorkflowOutcome, messages: [OutboxMessage]) async throws -> AppliedOutcome
    func approvalEntries(companyId: UUID, _ query: ApprovalEntryQuery, _ page: PageRequest) async throws -> Page<ApprovalEntry>
    func approvalEntry(companyId: UUID, entryNo: Int) async throws -> ApprovalEntry?
    func stepInstances(companyId: UUID, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance>
    /// Moves the step instances of finished runs (no step active) to the archive; returns how many instances moved.
    func archiveFinishedInstances(companyId: UUID, now: Date) async throws -> Int
    func archivedStepInstances(companyId: UUID, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance>
    func notificationEntries(companyId: UUID, recipient: String?, _ page: PageRequest) async throws -> Page<NotificationEntry>
    /// Open approval entries of every company that have a delegation formula (Delegate After).
    func openEntriesWithDelegation() async throws -> [ApprovalEntry]

    // MARK: Flow connector
    /// Registers a subscription and its workflow in one transaction. The workflow gets the first free code
    /// `codePrefix` + `01`, `02`, … (Business Central's IncStr), built by `makeWorkflow`; the enabled workflows
    /// and subscriptions of earlier subscriptions with the same client id are disabled. Returns it as stored.
    func createWebhookSubscription(
        _ subscription: WorkflowWebhookSubscription, codePrefix: String, makeWorkflow: @Sendable (_ code: String) throws -> Workflow
    ) async throws -> WorkflowWebhookSubscription
    func webhookSubscriptions(companyId: UUID, _ page: PageRequest) async throws -> Page<WorkflowWebhookSubscription>
    func webhookSubscription(companyId: UUID, id: UUID) async throws -> WorkflowWebhookSubscription?
    /// A subscription of any company, for work that starts from a delivery (such as a 410 Gone) rather than a request.
    func webhookSubscription(id: UUID) async throws -> WorkflowWebhookSubscription?
    /// The enabled subscription that registered `workflowCode`, whose endpoint the workflow's requests go to.
    func webhookSubscription(companyId: UUID, workflowCode: String) async throws -> WorkflowWebhookSubscription?
    /// Removes a subscription (of any company): its workflow is disabled, and deleted when no run of it is active.
    /// Returns false when there was no such subscription.
    func deleteWebhookSubscription(id: UUID) async throws -> Bool
    /// Makes `secret` the newest signing secret; the older ones stop signing at `previousExpireAt` (or earlier, if set so).
    func rotateWebhookSecret(
        companyId: UUID, id: UUID, secret: SigningSecret, previousExpireAt: Date
    ) async throws -> WorkflowWebhookSubscription?

    /// Flow entries, with the delivery state of their messages.
    func webhookEntries(companyId: UUID, _ query: WebhookEntryQuery, _ page: PageRequest) async throws -> Page<WorkflowWebhookEntry>
    func webhookEntry(companyId: UUID, entryNo: Int) async throws -> WorkflowWebhookEntry?
    /// The latest Flow entry of a run (any company), which the callbacks address by the run's id.
    func webhookEntry(workflowStepInstanceId: UUID) async throws -> WorkflowWebhookEntry?

    // MARK: Deliveries
    func deliveries(_ query: DeliveryQuery, _ page: PageRequest) async throws -> Page<OutboxMessage>
    /// A message and its attempts, oldest first.
    func delivery(id: UUID) async throws -> (message: OutboxMessage, attempts: [DeliveryAttempt])?
    /// The latest message about `sourceId` (a Flow entry's id).
    func delivery(sourceId: UUID) async throws -> OutboxMessage?
    /// Makes a failed message due again at `now`, keeping its attempts and its id; 409 `delivery-not-failed`
    /// when it is not failed, nil when there is no such message.
    func retryDelivery(id: UUID, now: Date) async throws -> OutboxMessage?
}

extension Store {
    public func companies(_ page: PageRequest) async throws -> Page<Company> {
        try await companies(page, ids: nil)
    }

    /// Stores an outcome that sends no messages.
    public func apply(_ outcome: WorkflowOutcome) async throws -> AppliedOutcome {
        try await apply(outcome, messages: [])
    }
}

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
