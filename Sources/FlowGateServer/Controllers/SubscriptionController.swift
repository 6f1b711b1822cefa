import FlowGateApp
import FlowGateCore
import FlowGateDelivery
import Foundation
import Hummingbird

/// `workflowWebhookSubscriptions`: automation platforms subscribe to approval events, which registers a
/// workflow in the company's list, and unsubscribe (Power Automate sends DELETE to the `Location`).
struct SubscriptionController {
    let api: APIContext
    let networkPolicy: NetworkPolicy

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("companies/:company/workflowWebhookSubscriptions", use: subscribe)
        routes.post("companies/:company/:entitySet/approvalRequestedSubscriptions", use: subscribeToEntitySet)
        routes.get("companies/:company/workflowWebhookSubscriptions", use: list)
        routes.get("companies/:company/workflowWebhookSubscriptions/:id", use: get)
        routes.delete("companies/:company/workflowWebhookSubscriptions/:id", use: unsubscribe)
        routes.post("companies/:company/workflowWebhookSubscriptions/:id/rotateSecret", use: rotateSecret)
        return routes
    }

    private var flow: FlowConnector { api.gateway.flowConnector }

    @Sendable func subscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await subscribe(try await request.jsonObject(limit: api.bodyLimit), context)
    }

    /// The same subscription with the event implied by the entity set: one path per record type, so a connector
    /// (Swagger 2.0: one operation per path and method) can offer one trigger per kind of approval.
    @Sendable func subscribeToEntitySet(_ request: Request, context: AppRequestContext) async throws -> Response {
        let entitySet = try RecordController.entitySet(context)
        guard let kind = FlowWorkflowRegistration.kinds.first(where: { $0.entitySet == entitySet }) else {
            throw FlowGateError.notFound("No approval event exists for \(entitySet.rawValue).")
        }
        var body = try await request.jsonObject(limit: api.bodyLimit)
        if let given = body["eventCode"], given != .string(kind.eventCode), given != .string(kind.eventCode.lowercased()) {
            throw FlowGateError.validation(field: "eventCode", "is implied by the path (\(kind.eventCode)); leave it out")
        }
        body["eventCode"] = .string(kind.eventCode)
        return try await subscribe(body, context)
    }

    private func subscribe(_ body: [String: JSONValue], _ context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        try caller.require(.integration, to: "subscribe to approval events")
        let company = try await api.company(context)
        let input = try Inputs.subscription(body, policy: networkPolicy)
        let created = try await flow.subscribe(caller, company: company, input)
        let location = "/api/v1/companies/\(company.id.lowercasedString)/workflowWebhookSubscriptions/\(created.subscription.id.lowercasedString)"
        return JSONResponse.make(Self.json(created), status: .created, location: location)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "list webhook subscriptions")
        return try await flow.subscriptions(company: try await api.company(context), try request.pageRequest()).response()
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "read webhook subscriptions")
        let company = try await api.company(context)
        return JSONResponse.make(try await flow.subscription(company: company, id: try context.parameters.text("id")).json)
    }

    @Sendable func unsubscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "delete webhook subscriptions")
        let company = try await api.company(context)
        try await flow.unsubscribe(company: company, id: try context.parameters.text("id"))
        return JSONResponse.noContent()
    }

    @Sendable func rotateSecret(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "rotate webhook secrets")
        let company = try await api.company(context)
        return JSONResponse.make(Self.json(try await flow.rotateSecret(company: company, id: try context.parameters.text("id"))))
    }

    /// The subscription with its new secret, shown once: the receiver verifies signatures with it.
    private static func json(_ value: SubscriptionWithSecret) -> JSONValue {
        guard case .object(var fields) = value.subscription.json else { return value.subscription.json }
        fields["secret"] = .string(value.secret)
        if let until = value.previousSecretsExpireAt { fields["previousSecretsExpireAt"] = JSONValue(until) }
        return .object(fields)
    }
}
