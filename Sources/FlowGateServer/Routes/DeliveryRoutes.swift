import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation
import Hummingbird

/// `/api/v1/deliveries`: the outbox as operators see it — every message, its attempts, and retrying dead letters.
struct DeliveryRoutes {
    let api: APIContext
    let notifier: FlowNotifier

    func register(on group: RouterGroup<AppRequestContext>) {
        let (api, notifier) = (api, notifier)
        let store = api.store

        group.get("deliveries") { request, context in
            let caller = try context.caller()
            try caller.require(.integration, to: "list deliveries")
            let query = DeliveryQuery(
                status: try request.queryOption("status", DeliveryStatus.self), subscriptionId: try request.queryUUID("subscriptionId"),
                companyIds: caller.companies
            )
            return try await store.deliveries(query, try request.pageRequest()).response()
        }
        group.get("deliveries/:id") { _, context in
            let caller = try context.caller()
            try caller.require(.integration, to: "read deliveries")
            let id = try Self.id(context)
            guard let (message, attempts) = try await store.delivery(id: id), caller.reaches(message.companyId) else { throw Self.notFound(id) }
            guard case .object(var fields) = message.json else { return JSONResponse.make(message.json) }
            fields["attempts"] = .array(attempts.map(\.json))
            return JSONResponse.make(JSONValue.object(fields))
        }
        group.post("deliveries/:id/retry") { _, context in
            let caller = try context.caller()
            try caller.require(.integration, to: "retry deliveries")
            let id = try Self.id(context)
            if caller.companies != nil {
                guard let (message, _) = try await store.delivery(id: id), caller.reaches(message.companyId) else { throw Self.notFound(id) }
            }
            guard let message = try await store.retryDelivery(id: id, now: api.now()) else { throw Self.notFound(id) }
            notifier.messagesStored()
            return JSONResponse.make(message.json)
        }
    }

    private static func id(_ context: AppRequestContext) throws -> UUID {
        let raw = try context.parameters.text("id")
        guard let id = UUID(uuidString: raw) else { throw FlowGateError.notFound("Delivery '\(raw)' does not exist.") }
        return id
    }

    private static func notFound(_ id: UUID) -> FlowGateError {
        .notFound("Delivery '\(id.lowercasedString)' does not exist.")
    }
}
