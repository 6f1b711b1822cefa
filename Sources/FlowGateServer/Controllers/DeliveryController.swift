import FlowGateApp
import FlowGateCore
import FlowGateDelivery
import Foundation
import Hummingbird

/// `/api/v1/deliveries`: the outbox as operators see it — every message, its attempts, and retrying dead letters.
struct DeliveryController {
    let api: APIContext

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("deliveries", use: list)
        routes.get("deliveries/:id", use: get)
        routes.post("deliveries/:id/retry", use: retry)
        return routes
    }

    private var deliveries: Deliveries { api.gateway.deliveries }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        try caller.require(.integration, to: "list deliveries")
        let status = try request.queryOption("status", DeliveryStatus.self)
        return try await deliveries.list(caller, status: status, subscriptionId: try request.queryUUID("subscriptionId"), try request.pageRequest())
            .response()
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        try caller.require(.integration, to: "read deliveries")
        let (message, attempts) = try await deliveries.delivery(caller, id: try context.parameters.text("id"))
        guard case .object(var fields) = message.json else { return JSONResponse.make(message.json) }
        fields["attempts"] = .array(attempts.map(\.json))
        return JSONResponse.make(JSONValue.object(fields))
    }

    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        try caller.require(.integration, to: "retry deliveries")
        return JSONResponse.make(try await deliveries.retry(caller, id: try context.parameters.text("id")).json)
    }
}
