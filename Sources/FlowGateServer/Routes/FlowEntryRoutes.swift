import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation
import Hummingbird

/// The automation platform's callbacks (`workflowActionResponse`) and the Flow entries they answer.
struct FlowEntryRoutes {
    let api: APIContext
    let workflows: WorkflowService

    func register(on group: RouterGroup<AppRequestContext>) {
        let (api, workflows) = (api, workflows)
        let store = api.store

        let answers: [(String, WebhookResponse)] = [("approve", .continue), ("reject", .reject), ("cancel", .cancel)]
        for (action, response) in answers {
            group.post("workflowActionResponse/:workflowStepId/\(action)") { _, context in
                let caller = try context.caller()
                let raw = try context.parameters.text("workflowStepId")
                guard let stepId = UUID(uuidString: raw), let entry = try await store.webhookEntry(workflowStepInstanceId: stepId),
                    caller.reaches(entry.companyId)
                else {
                    throw FlowGateError.notFound("No request is waiting for workflow step '\(raw)'.")
                }
                // The callbacks are the platform's: its user is who answers, never an integration acting for others.
                let actor = WorkflowEngine.Actor(userId: caller.user.userName)
                let (outcome, applied) = try await workflows.run(companyId: entry.companyId, entitySet: entry.entitySet, recordId: entry.recordId) {
                    engine, snapshot, now in
                    try engine.respondToWebhook(entryNo: entry.entryNo, with: response, in: snapshot, by: actor, at: now)
                }
                let answered = try await store.webhookEntry(companyId: entry.companyId, entryNo: entry.entryNo) ?? entry
                return JSONResponse.make(
                    JSONValue.object([
                        "flowEntry": answered.json, "record": applied.record.json, "messages": .array(outcome.messages.map(JSONValue.string)),
                    ]),
                    etag: applied.record.version
                )
            }
        }

        group.get("companies/:company/workflowWebhookEntries") { request, context in
            try context.caller().require(.integration, to: "list Flow entries")
            let company = try await api.company(context)
            let query = WebhookEntryQuery(
                recordId: try request.queryUUID("recordId"), response: try request.queryOption("response", WebhookResponse.self)
            )
            return try await store.webhookEntries(companyId: company.id, query, try request.pageRequest()).response()
        }
        group.get("companies/:company/workflowWebhookEntries/:entryNo") { _, context in
            try context.caller().require(.integration, to: "read Flow entries")
            return JSONResponse.make(try await Self.entry(context, api: api).json)
        }
        group.post("companies/:company/workflowWebhookEntries/:entryNo/resubmit") { _, context in
            try context.caller().require(.integration, to: "resubmit Flow entries")
            let entry = try await Self.entry(context, api: api)
            try entry.checkCanBeResubmitted()
            guard let message = try await store.delivery(sourceId: entry.id) else {
                throw FlowGateError.notFound("Flow entry \(entry.entryNo) has no message to resubmit.")
            }
            _ = try await store.retryDelivery(id: message.id, now: api.now())
            workflows.notifier.messagesStored()
            let resubmitted = try await store.webhookEntry(companyId: entry.companyId, entryNo: entry.entryNo) ?? entry
            return JSONResponse.make(resubmitted.json)
        }
    }

    private static func entry(_ context: AppRequestContext, api: APIContext) async throws -> WorkflowWebhookEntry {
        let company = try await api.company(context)
        let raw = try context.parameters.text("entryNo")
        guard let entryNo = Int(raw), let entry = try await api.store.webhookEntry(companyId: company.id, entryNo: entryNo) else {
            throw FlowGateError.notFound("Flow entry '\(raw)' does not exist.")
        }
        return entry
    }
}
