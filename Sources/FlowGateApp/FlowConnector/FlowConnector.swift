import FlowGateCore
import FlowGateStore
import Foundation

/// The Flow connector: automation platforms' callbacks (`workflowActionResponse`), the Flow entries they answer,
/// and resubmitting an entry's request.
public struct FlowConnector: Sendable {
    let gateway: Gateway

    /// What a callback did: the Flow entry answered, the record after it, and the messages for the user.
    public struct CallbackResult: Sendable {
        public var flowEntry: WorkflowWebhookEntry
        public var record: BusinessRecord
        public var userMessages: [String]
    }

    /// Answers the request waiting on a workflow step (approve = continue, reject, cancel) as the platform's user.
    public func respondToFlowCallback(_ caller: Caller, workflowStepId: String, response: WebhookResponse) async throws -> CallbackResult {
        guard let stepId = UUID(uuidString: workflowStepId), let entry = try await gateway.store.webhookEntry(workflowStepInstanceId: stepId),
            caller.reaches(entry.companyId)
        else {
            throw FlowGateError.notFound("No request is waiting for workflow step '\(workflowStepId)'.")
        }
        // The callbacks are the platform's: its user is who answers, never an integration acting for others.
        let actor = WorkflowEngine.Actor(userId: caller.userName)
        let result = try await gateway.runner.run(
            companyId: entry.companyId, entitySet: entry.entitySet, recordId: entry.recordId, knownUsers: [caller.user]
        ) { engine, snapshot, now in
            try engine.respondToWebhook(entryNo: entry.entryNo, with: response, in: snapshot, by: actor, at: now)
        }
        let answered = try await gateway.store.webhookEntry(companyId: entry.companyId, entryNo: entry.entryNo) ?? entry
        return CallbackResult(flowEntry: answered, record: result.applied.record, userMessages: result.outcome.userMessages)
    }

    public func flowEntries(company: Company, _ query: WebhookEntryQuery, _ page: PageRequest) async throws -> Page<WorkflowWebhookEntry> {
        return try await gateway.store.webhookEntries(companyId: company.id, query, page)
    }

    public func flowEntry(company: Company, entryNo: String) async throws -> WorkflowWebhookEntry {
        return try await entry(company: company, entryNo: entryNo)
    }

    /// Sends a Flow entry's request again, with the same message id, when sending it failed and it is still
    /// unanswered; one transaction.
    public func resubmitFlowEntry(company: Company, entryNo raw: String) async throws -> WorkflowWebhookEntry {
        guard let entryNo = Int(raw), let entry = try await gateway.store.resubmitWebhookEntry(
            companyId: company.id, entryNo: entryNo, now: gateway.now(), rule: { try $0.checkCanBeResubmitted() }
        ) else {
            throw FlowGateError.notFound("Flow entry '\(raw)' does not exist.")
        }
        gateway.outbox.messagesStored()
        return entry
    }

    private func entry(company: Company, entryNo raw: String) async throws -> WorkflowWebhookEntry {
        guard let entryNo = Int(raw), let entry = try await gateway.store.webhookEntry(companyId: company.id, entryNo: entryNo) else {
            throw FlowGateError.notFound("Flow entry '\(raw)' does not exist.")
        }
        return entry
    }
}
