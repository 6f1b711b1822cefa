import FlowGateDelivery
import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

/// The sales document prefix Business Central gives the workflows Power Automate registers.
let salesFlowPrefix = "MS-SDAW-WH-"

/// A subscription as the gateway builds it before storing it (the store sets its workflow code).
func webhookSubscription(
    _ company: Company, clientId: String = "flow-1", url: String = "https://flow.example/hook", secrets: [SigningSecret]? = nil
) -> WorkflowWebhookSubscription {
    WorkflowWebhookSubscription(
        id: UUID(), companyId: company.id, workflowCode: "", notificationUrl: url, eventCode: WorkflowEvents.sendSalesDocForApproval,
        conditions: nil, clientType: "Flow", clientId: clientId, enabled: true, userId: "FLOWUSER", createdAt: fixedDate,
        secrets: secrets ?? [SigningSecret(secret: WebhookSecret.generate().text)]
    )
}

/// A Flow entry of `record` as the engine makes it, numbered `entryNo` provisionally.
func webhookEntry(_ record: BusinessRecord, entryNo: Int, instanceId: UUID = UUID(), workflowCode: String = "MS-SDAW-WH-01") -> WorkflowWebhookEntry {
    WorkflowWebhookEntry(
        id: UUID(), companyId: record.companyId, entryNo: entryNo, workflowStepInstanceId: instanceId, workflowCode: workflowCode,
        recordId: record.id, entitySet: record.entitySet, initiatedBy: "ALICE", initiatedAt: fixedDate, response: .pending,
        responseUserId: "FLOWUSER"
    )
}

/// The request message about a Flow entry, due when created unless `dueAt` says otherwise.
func outboxMessage(
    about entry: WorkflowWebhookEntry? = nil, subscriptionId: UUID?, companyId: UUID?, createdAt: Date = fixedDate, dueAt: Date? = nil
) -> OutboxMessage {
    OutboxMessage(
        id: UUID(), companyId: companyId, subscriptionId: subscriptionId, sourceId: entry?.id, eventType: "approval.requested",
        payload: Array(#"{"Row Id":"\#(entry?.recordId.uuidString ?? "")"}"#.utf8), createdAt: createdAt, nextAttemptAt: dueAt
    )
}

/// An outcome that changes `record` in no other way than by the given Flow entries and step instances.
func outcome(
    _ record: BusinessRecord, webhookEntries: [WorkflowWebhookEntry] = [], firstNewWebhookEntryNo: Int = 1,
    stepInstances: [WorkflowStepInstance] = []
) -> WorkflowOutcome {
    WorkflowOutcome(
        record: record, recordChanged: false, stepInstances: stepInstances, approvalEntries: [], firstNewApprovalEntryNo: 1,
        notifications: [], webhookEntries: webhookEntries, firstNewWebhookEntryNo: firstNewWebhookEntryNo, recordChanges: [],
        recordChangesChanged: false, userMessages: [], workflowCode: nil, handled: true
    )
}

extension Store {
    /// Registers a subscription the way the gateway does: FlowGateCore's registration rules run inside the store's
    /// transaction, and the workflow is an enabled Flow workflow under the code they pick.
    func subscribe(_ subscription: WorkflowWebhookSubscription, prefix: String = salesFlowPrefix) async throws -> WorkflowWebhookSubscription {
        try await createWebhookSubscription(subscription, codePrefix: prefix) { context in
            try FlowWorkflowRegistration.register(prefix: prefix, in: context) { code in
                Workflow(
                    companyId: subscription.companyId, code: code, description: "Sales Document Approval Workflow", enabled: true,
                    category: .salesDoc, source: .flow, clientId: subscription.clientId, subscriptionId: subscription.id
                )
            }
        }
    }

    /// Ends a subscription the way the gateway does (codeunit 1547's rule).
    func unsubscribe(_ id: UUID) async throws -> Bool {
        try await deleteWebhookSubscription(id: id, disposal: FlowWorkflowRegistration.disposalOnUnsubscribe)
    }

    /// Rotates a subscription's secret the way the gateway does.
    func rotateSecret(
        companyId: UUID, id: UUID, to secret: SigningSecret, previousExpireAt: Date, now: Date
    ) async throws -> WorkflowWebhookSubscription? {
        try await updateWebhookSubscription(companyId: companyId, id: id) { $0.rotateSecret(to: secret, previousExpireAt: previousExpireAt, now: now) }
    }

    /// Deletes a workflow the way the gateway does (only disabled, only without active runs).
    func deleteWorkflow(companyId: UUID, code: String, precondition: VersionPrecondition) async throws {
        try await deleteWorkflow(companyId: companyId, code: code, precondition: precondition) { try $0.checkCanBeDeleted(hasActiveRuns: $1) }
    }

    /// Changes a record the way the gateway does: FlowGateCore's rule runs inside the store's transaction.
    func updateRecord(
        companyId: UUID, entitySet: EntitySet, id: UUID, changes: RecordChanges, precondition: VersionPrecondition, now: Date
    ) async throws -> BusinessRecord {
        try await updateRecord(companyId: companyId, entitySet: entitySet, id: id, changes: changes, precondition: precondition, now: now) {
            try $0.checkChangeAllowed(changes, workflowRunning: $1)
        }
    }

    /// Deletes a record the way the gateway does (not while an approval request is active).
    func deleteRecord(companyId: UUID, entitySet: EntitySet, id: UUID, precondition: VersionPrecondition) async throws {
        try await deleteRecord(companyId: companyId, entitySet: entitySet, id: id, precondition: precondition, now: Date()) {
            try $0.checkCanBeDeleted(workflowRunning: $1)
        }
    }

    /// Stores approval user setup the way the gateway does, validated against the company's other setup.
    func putApprovalUserSetup(_ value: ApprovalUserSetup, precondition: VersionPrecondition) async throws -> Stored<ApprovalUserSetup> {
        try await putApprovalUserSetup(value, precondition: precondition) { try $0.validated(in: $1) }
    }

    /// Stores a workflow user group the way the gateway does, validated against the known users.
    func putWorkflowUserGroup(_ value: WorkflowUserGroup, precondition: VersionPrecondition) async throws -> Stored<WorkflowUserGroup> {
        try await putWorkflowUserGroup(value, precondition: precondition) { try $0.validated(knownUserNames: $1) }
    }

    /// Stores a record as a workflow would leave it (restricted or pending), which no API request can set: created,
    /// then changed by an outcome, as a workflow changes it. Returns it as stored.
    func storeAsWorkflowLeftIt(_ record: BusinessRecord) async throws -> BusinessRecord {
        var created = try await createRecord(
            companyId: record.companyId, entitySet: record.entitySet,
            changes: try changes(
                record.documentType.map { #"{"number": "\#(record.number)", "documentType": "\#($0.rawValue)"}"# } ?? #"{"number": "\#(record.number)"}"#,
                record.entitySet
            ),
            now: record.createdAt
        )
        let id = created.id
        created = record
        (created.id, created.version) = (id, 1)
        var change = outcome(created)
        change.recordChanged = true
        return try await apply(change).record
    }

    /// Stores `messages` as an outcome of `record` that changes nothing else: the path every message takes.
    @discardableResult
    func send(_ messages: [OutboxMessage], about record: BusinessRecord) async throws -> AppliedOutcome {
        let current = try #require(try await workflowSnapshot(companyId: record.companyId, entitySet: record.entitySet, recordId: record.id))
        return try await apply(outcome(current.record), outboxMessages: messages)
    }

    /// The workflow the Flow entries made by `webhookEntry` belong to; the store refuses entries of a missing workflow.
    func registerFlowWorkflow(_ company: Company, code: String = "MS-SDAW-WH-01") async throws {
        _ = try await putWorkflow(
            Workflow(companyId: company.id, code: code, description: "Sales Document Approval Workflow", category: .salesDoc, source: .flow),
            precondition: .none, prepare: { new, _, _ in new }
        )
    }

    /// A customer record to hang Flow entries and messages on.
    func makeCustomer(_ company: Company, _ name: String = "Adatum") async throws -> BusinessRecord {
        try await createRecord(company, .customers, #"{"fields": {"name": "\#(name)"}}"#)
    }
}
