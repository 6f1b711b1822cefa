import FlowGateApp
import FlowGateCore
import FlowGateStore
import Foundation
import Hummingbird

/// The automation platform's callbacks (`workflowActionResponse`) and the Flow entries they answer.
struct FlowEntryController {
    let api: APIContext

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("workflowActionResponse/:workflowStepId/approve", use: approve)
        routes.post("workflowActionResponse/:workflowStepId/reject", use: reject)
        routes.post("workflowActionResponse/:workflowStepId/cancel", use: cancel)
        routes.get("companies/:company/workflowWebhookEntries", use: list)
        routes.get("companies/:company/workflowWebhookEntries/:entryNo", use: get)
        routes.post("companies/:company/workflowWebhookEntries/:entryNo/resubmit", use: resubmit)
        return routes
    }

    private var flow: FlowConnector { api.gateway.flowConnector }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await respond(.continue, context)
    }

    @Sendable func reject(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await respond(.reject, context)
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await respond(.cancel, context)
    }

    private func respond(_ response: WebhookResponse, _ context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        let result = try await flow.respondToFlowCallback(caller, workflowStepId: try context.parameters.text("workflowStepId"), response: response)
        return JSONResponse.make(
            JSONValue.object([
                "flowEntry": result.flowEntry.json, "record": result.record.json, "messages": .array(result.userMessages.map(JSONValue.string)),
            ]),
            etag: result.record.version
        )
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "list Flow entries")
        let company = try await api.company(context)
        let query = WebhookEntryQuery(recordId: try request.queryUUID("recordId"), response: try request.queryOption("response", WebhookResponse.self))
        return try await flow.flowEntries(company: company, query, try request.pageRequest()).response()
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "read Flow entries")
        let company = try await api.company(context)
        return JSONResponse.make(try await flow.flowEntry(company: company, entryNo: try context.parameters.text("entryNo")).json)
    }

    @Sendable func resubmit(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "resubmit Flow entries")
        let company = try await api.company(context)
        return JSONResponse.make(try await flow.resubmitFlowEntry(company: company, entryNo: try context.parameters.text("entryNo")).json)
    }
}
