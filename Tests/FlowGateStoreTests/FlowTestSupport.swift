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
        recordChangesChanged: false, messages: [], workflowCode: nil, handled: true
    )
}

extension SQLiteStore {
    /// Registers a subscription the way the gateway does: an enabled Flow workflow under the store's code.
    func subscribe(_ subscription: WorkflowWebhookSubscription, prefix: String = salesFlowPrefix) async throws -> WorkflowWebhookSubscription {
        try await createWebhookSubscription(subscription, codePrefix: prefix) { code in
            Workflow(
                companyId: subscription.companyId, code: code, description: "Sales Document Approval Workflow", enabled: true,
                category: .salesDoc, source: .flow, clientId: subscription.clientId, subscriptionId: subscription.id
            )
        }
    }

    /// Stores `messages` as an outcome of `record` that changes nothing else: the path every message takes.
    @discardableResult
    func send(_ messages: [OutboxMessage], about record: BusinessRecord) async throws -> AppliedOutcome {
        let current = try #require(try await workflowSnapshot(companyId: record.companyId, entitySet: record.entitySet, recordId: record.id))
        return try await apply(outcome(current.record), messages: messages)
    }

    /// The workflow the Flow entries made by `webhookEntry` belong to; the store refuses entries of a missing workflow.
    func registerFlowWorkflow(_ company: Company, code: String = "MS-SDAW-WH-01") async throws {
        _ = try await putWorkflow(
            Workflow(companyId: company.id, code: code, description: "Sales Document Approval Workflow", category: .salesDoc, source: .flow),
            precondition: .none, check: { _, _ in }
        )
    }

    /// A customer record to hang Flow entries and messages on.
    func makeCustomer(_ company: Company, _ name: String = "Adatum") async throws -> BusinessRecord {
        try await createRecord(company, .customers, #"{"fields": {"name": "\#(name)"}}"#)
    }
}
