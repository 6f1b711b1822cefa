import FlowGateApp
import FlowGateCore
import FlowGateDelivery
import Foundation
import Hummingbird

/// `/api/v1/subscriptions`: Business Central API webhooks, the triggers of automated flows on record changes.
struct RecordSubscriptionController {
    let api: APIContext
    let networkPolicy: NetworkPolicy

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("subscriptions", use: subscribe)
        routes.get("subscriptions", use: list)
        routes.get("subscriptions/:id", use: get)
        routes.patch("subscriptions/:id", use: renew)
        routes.delete("subscriptions/:id", use: unsubscribe)
        return routes
    }

    private var subscriptions: RecordSubscriptions { api.gateway.recordSubscriptions }

    @Sendable func subscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        try caller.require(.integration, to: "subscribe to record changes")
        let input = try Inputs.recordSubscription(try await request.jsonObject(limit: api.bodyLimit), policy: networkPolicy)
        let created = try await subscriptions.subscribe(caller, input)
        return JSONResponse.make(created.json.adding(secret: created.secret), status: .created, etag: created.version, location: "/api/v1/subscriptions/\(created.id.lowercasedString)")
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        try caller.require(.integration, to: "list subscriptions")
        let includeDeleted = try request.queryBool("includeDeleted") ?? false
        return try await subscriptions.list(caller, includeDeleted: includeDeleted, try request.pageRequest()).response()
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        try caller.require(.integration, to: "read subscriptions")
        let found = try await subscriptions.subscription(caller, id: try context.parameters.text("id"))
        return JSONResponse.make(found.json, etag: found.version)
    }

    @Sendable func renew(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        try caller.require(.integration, to: "renew subscriptions")
        let renewal = try Inputs.recordSubscriptionRenewal(try await request.optionalJSONObject(limit: api.bodyLimit), policy: networkPolicy)
        let renewed = try await subscriptions.renew(caller, id: try context.parameters.text("id"), renewal, precondition: request.versionPrecondition)
        return JSONResponse.make(renewed.json, etag: renewed.version)
    }

    @Sendable func unsubscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        try caller.require(.integration, to: "delete subscriptions")
        try await subscriptions.unsubscribe(caller, id: try context.parameters.text("id"), precondition: request.versionPrecondition)
        return JSONResponse.noContent()
    }
}
