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
        routes.get("companies/:company/workflowWebhookSubscriptions", use: list)
        routes.get("companies/:company/workflowWebhookSubscriptions/:id", use: get)
        routes.delete("companies/:company/workflowWebhookSubscriptions/:id", use: unsubscribe)
        routes.post("companies/:company/workflowWebhookSubscriptions/:id/rotateSecret", use: rotateSecret)
        return routes
    }

    private var flow: FlowConnector { api.gateway.flowConnector }

    @Sendable func subscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        try caller.require(.integration, to: "subscribe to approval events")
        let company = try await api.company(context)
        let input = try Inputs.subscription(try await request.jsonObject(limit: api.bodyLimit), policy: networkPolicy)
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
