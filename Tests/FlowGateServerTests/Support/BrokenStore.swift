import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation

/// A store whose database has gone away: every call fails. Only for the readiness test.
struct BrokenStore: Store {
    struct Down: Error {}

    func checkReady() async throws { throw Down() }
    func createCompany(_ company: Company) async throws -> Company { throw Down() }
    func companies(_ page: PageRequest, ids: Set<UUID>?) async throws -> Page<Company> { throw Down() }
    func company(idOrName: String) async throws -> Company? { throw Down() }
    func updateCompany(id: UUID, _ change: @escaping @Sendable (inout Company) throws -> Void) async throws -> Company? { throw Down() }
    func userCount() async throws -> Int { throw Down() }
    func createUser(_ user: User) async throws -> User { throw Down() }
    func users(_ page: PageRequest) async throws -> Page<User> { throw Down() }
    func user(named userName: String) async throws -> User? { throw Down() }
    func updateUser(_ user: User, precondition: VersionPrecondition) async throws -> User { throw Down() }
    func createAPIKey(_ key: APIKey) async throws -> APIKey { throw Down() }
    func apiKeys(userName: String) async throws -> [APIKey] { throw Down() }
    func deleteAPIKey(id: UUID, userName: String) async throws { throw Down() }
    func apiKey(hash: String) async throws -> (APIKey, User)? { throw Down() }
    func salespersonsPurchasers(companyId: UUID, _ page: PageRequest) async throws -> Page<SalespersonPurchaser> { throw Down() }
    func salespersonPurchaser(companyId: UUID, code: String) async throws -> SalespersonPurchaser? { throw Down() }
    func putSalespersonPurchaser(_ value: SalespersonPurchaser, precondition: VersionPrecondition) async throws -> Stored<SalespersonPurchaser> { throw Down() }
    func deleteSalespersonPurchaser(companyId: UUID, code: String, precondition: VersionPrecondition) async throws { throw Down() }
    func approvalUserSetups(companyId: UUID, _ page: PageRequest) async throws -> Page<ApprovalUserSetup> { throw Down() }
    func approvalUserSetup(companyId: UUID, userName: String) async throws -> ApprovalUserSetup? { throw Down() }
    func putApprovalUserSetup(
        _ value: ApprovalUserSetup, precondition: VersionPrecondition, validate: @escaping @Sendable (ApprovalUserSetup, ApprovalSetupContext) throws -> ApprovalUserSetup
    ) async throws -> Stored<ApprovalUserSetup> { throw Down() }
    func deleteApprovalUserSetup(companyId: UUID, userName: String, precondition: VersionPrecondition) async throws { throw Down() }
    func workflowUserGroups(companyId: UUID, _ page: PageRequest) async throws -> Page<WorkflowUserGroup> { throw Down() }
    func workflowUserGroup(companyId: UUID, code: String) async throws -> WorkflowUserGroup? { throw Down() }
    func putWorkflowUserGroup(
        _ value: WorkflowUserGroup, precondition: VersionPrecondition, validate: @escaping @Sendable (WorkflowUserGroup, Set<String>) throws -> WorkflowUserGroup
    ) async throws -> Stored<WorkflowUserGroup> { throw Down() }
    func deleteWorkflowUserGroup(companyId: UUID, code: String, precondition: VersionPrecondition) async throws { throw Down() }
    func createRecord(companyId: UUID, entitySet: EntitySet, changes: RecordChanges, now: Date) async throws -> BusinessRecord { throw Down() }
    func records(companyId: UUID, entitySet: EntitySet, _ page: PageRequest) async throws -> Page<BusinessRecord> { throw Down() }
    func record(companyId: UUID, entitySet: EntitySet, id: UUID) async throws -> BusinessRecord? { throw Down() }
    func updateRecord(
        companyId: UUID, entitySet: EntitySet, id: UUID, changes: RecordChanges, precondition: VersionPrecondition, now: Date,
        rule: @escaping RecordWriteRule
    ) async throws -> BusinessRecord { throw Down() }
    func deleteRecord(
        companyId: UUID, entitySet: EntitySet, id: UUID, precondition: VersionPrecondition, now: Date, rule: @escaping RecordWriteRule
    ) async throws { throw Down() }
    func workflows(companyId: UUID, _ page: PageRequest) async throws -> Page<Workflow> { throw Down() }
    func workflow(companyId: UUID, code: String) async throws -> Workflow? { throw Down() }
    func putWorkflow(_ workflow: Workflow, precondition: VersionPrecondition, prepare: @escaping WorkflowPreparation) async throws -> Stored<Workflow> {
        throw Down()
    }
    func importWorkflows(_ workflows: [Workflow], prepare: @escaping WorkflowPreparation) async throws -> [Stored<Workflow>] { throw Down() }
    func deleteWorkflow(
        companyId: UUID, code: String, precondition: VersionPrecondition, rule: @Sendable (Workflow, Bool) throws -> Void
    ) async throws { throw Down() }
    func workflowSnapshot(companyId: UUID, entitySet: EntitySet, recordId: UUID) async throws -> WorkflowSnapshot? { throw Down() }
    func workflowSnapshot(companyId: UUID, approvalEntryNo: Int) async throws -> (entry: ApprovalEntry, snapshot: WorkflowSnapshot)? {
        throw Down()
    }
    func apply(_ outcome: WorkflowOutcome, outboxMessages: [OutboxMessage]) async throws -> AppliedOutcome { throw Down() }
    func approvalEntries(companyId: UUID, _ query: ApprovalEntryQuery, _ page: PageRequest) async throws -> Page<ApprovalEntry> { throw Down() }
    func approvalEntry(companyId: UUID, entryNo: Int) async throws -> ApprovalEntry? { throw Down() }
    func stepInstances(companyId: UUID, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance> { throw Down() }
    func archiveFinishedInstances(companyId: UUID, now: Date) async throws -> Int { throw Down() }
    func archivedStepInstances(companyId: UUID, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance> { throw Down() }
    func notificationEntries(companyId: UUID, recipient: String?, _ page: PageRequest) async throws -> Page<NotificationEntry> { throw Down() }
    func openEntriesWithDelegation() async throws -> [ApprovalEntry] { throw Down() }
    func createWebhookSubscription(
        _ subscription: WorkflowWebhookSubscription, codePrefix: String, register: @escaping @Sendable (WebhookRegistrationContext) throws -> WebhookRegistration
    ) async throws -> WorkflowWebhookSubscription { throw Down() }
    func webhookSubscriptions(companyId: UUID, _ page: PageRequest) async throws -> Page<WorkflowWebhookSubscription> { throw Down() }
    func webhookSubscription(companyId: UUID, id: UUID) async throws -> WorkflowWebhookSubscription? { throw Down() }
    func webhookSubscription(id: UUID) async throws -> WorkflowWebhookSubscription? { throw Down() }
    func webhookSubscription(companyId: UUID, workflowCode: String) async throws -> WorkflowWebhookSubscription? { throw Down() }
    func deleteWebhookSubscription(id: UUID, disposal: @Sendable (Bool) -> WorkflowDisposal) async throws -> Bool { throw Down() }
    func updateWebhookSubscription(
        companyId: UUID, id: UUID, _ change: @escaping @Sendable (inout WorkflowWebhookSubscription) throws -> Void
    ) async throws -> WorkflowWebhookSubscription? {
        throw Down()
    }
    func webhookEntries(companyId: UUID, _ query: WebhookEntryQuery, _ page: PageRequest) async throws -> Page<WorkflowWebhookEntry> { throw Down() }
    func webhookEntry(companyId: UUID, entryNo: Int) async throws -> WorkflowWebhookEntry? { throw Down() }
    func webhookEntry(workflowStepInstanceId: UUID) async throws -> WorkflowWebhookEntry? { throw Down() }
    func resubmitWebhookEntry(
        companyId: UUID, entryNo: Int, now: Date, rule: @escaping @Sendable (WorkflowWebhookEntry) throws -> Void
    ) async throws -> WorkflowWebhookEntry? { throw Down() }
    func deliveries(_ query: DeliveryQuery, _ page: PageRequest) async throws -> Page<OutboxMessage> { throw Down() }
    func delivery(id: UUID) async throws -> (message: OutboxMessage, attempts: [DeliveryAttempt])? { throw Down() }
    func delivery(sourceId: UUID) async throws -> OutboxMessage? { throw Down() }
    func retryDelivery(id: UUID, now: Date) async throws -> OutboxMessage? { throw Down() }
    func claimDueMessages(limit: Int, now: Date, lease: DeliveryLease) async throws -> [DeliveryTask] { throw Down() }
    func record(_ results: [DeliveryResult], owner: String) async throws { throw Down() }
    func nextDueDate() async throws -> Date? { throw Down() }
    func acquireJobLease(_ job: String, owner: String, now: Date, until: Date) async throws -> Bool { throw Down() }
    func releaseJobLease(_ job: String, owner: String) async throws { throw Down() }

    func createFlow<Flow: OutboundFlow>(_ flow: Flow, maximumPerCompany: Int?) async throws -> Flow { throw Down() }
    func flows<Flow: OutboundFlow>(_ type: Flow.Type, _ query: FlowQuery, _ page: PageRequest) async throws -> Page<Flow> { throw Down() }
    func flow<Flow: OutboundFlow>(_ type: Flow.Type, id: UUID) async throws -> Flow? { throw Down() }
    func updateFlow<Flow: OutboundFlow>(
        _ type: Flow.Type, id: UUID, precondition: VersionPrecondition, _ change: @escaping @Sendable (inout Flow) throws -> Void
    ) async throws -> Flow? { throw Down() }
    func deleteFlow<Flow: OutboundFlow>(_ type: Flow.Type, id: UUID, precondition: VersionPrecondition) async throws -> Bool { throw Down() }
    func dueRecordChangeWindows(openedBefore: Date, limit: Int) async throws -> [UUID] { throw Down() }
    func earliestRecordChangeWindow() async throws -> Date? { throw Down() }
    func flushRecordChanges(
        subscriptionId: UUID, now: Date, notify: @escaping @Sendable (RecordSubscription?, [PendingRecordChange]) throws -> [OutboxMessage]
    ) async throws -> Int { throw Down() }
    func expireRecordSubscriptions(now: Date, forgetBefore: Date) async throws -> Int { throw Down() }
    func markRecordSubscriptionDeleted(id: UUID, reason: String, at: Date) async throws -> Bool { throw Down() }
    func dueScheduledFlows(now: Date, limit: Int) async throws -> [UUID] { throw Down() }
    func nextScheduledFlowDue() async throws -> Date? { throw Down() }
    func fireScheduledFlow(
        id: UUID, now: Date, fire: @escaping @Sendable (ScheduledFlow) throws -> (ScheduledFiring, OutboxMessage)?
    ) async throws -> ScheduledFlowRun? { throw Down() }
    func scheduledFlowRuns(flowId: UUID, _ page: PageRequest) async throws -> Page<ScheduledFlowRunState> { throw Down() }
    func enqueue(_ messages: [OutboxMessage]) async throws { throw Down() }
}
