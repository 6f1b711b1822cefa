import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation
import Hummingbird

/// `workflowWebhookSubscriptions`: automation platforms subscribe to approval events, which registers a
/// workflow in the company's list, and unsubscribe (Power Automate sends DELETE to the `Location`).
struct SubscriptionRoutes {
    let api: APIContext
    let subscriptions: SubscriptionService
    let networkPolicy: NetworkPolicy

    func register(on group: RouterGroup<AppRequestContext>) {
        let (api, subscriptions, policy) = (api, subscriptions, networkPolicy)
        let store = api.store

        group.post("companies/:company/workflowWebhookSubscriptions") { request, context in
            let caller = try context.caller()
            try caller.require(.integration, to: "subscribe to approval events")
            let company = try await api.company(context)
            let input = try Inputs.subscription(try await request.jsonObject(limit: api.bodyLimit), policy: policy)
            let (stored, secret) = try await subscriptions.subscribe(input, companyId: company.id, userId: caller.user.userName)
            let location = "/api/v1/companies/\(company.id.lowercasedString)/workflowWebhookSubscriptions/\(stored.id.lowercasedString)"
            return JSONResponse.make(Self.withSecret(stored, secret), status: .created, location: location)
        }
        group.get("companies/:company/workflowWebhookSubscriptions") { request, context in
            try context.caller().require(.integration, to: "list webhook subscriptions")
            let company = try await api.company(context)
            return try await store.webhookSubscriptions(companyId: company.id, try request.pageRequest()).response()
        }
        group.get("companies/:company/workflowWebhookSubscriptions/:id") { _, context in
            try context.caller().require(.integration, to: "read webhook subscriptions")
            return JSONResponse.make(try await Self.subscription(context, api: api).json)
        }
        group.delete("companies/:company/workflowWebhookSubscriptions/:id") { _, context in
            try context.caller().require(.integration, to: "delete webhook subscriptions")
            let subscription = try await Self.subscription(context, api: api)
            _ = try await store.deleteWebhookSubscription(id: subscription.id)
            return JSONResponse.noContent()
        }
        group.post("companies/:company/workflowWebhookSubscriptions/:id/rotateSecret") { _, context in
            try context.caller().require(.integration, to: "rotate webhook secrets")
            let subscription = try await Self.subscription(context, api: api)
            let (rotated, secret, until) = try await subscriptions.rotateSecret(of: subscription)
            return JSONResponse.make(Self.withSecret(rotated, secret, previousSecretsExpireAt: until))
        }
    }

    /// The subscription with its new secret, shown once: the receiver verifies signatures with it.
    private static func withSecret(
        _ subscription: WorkflowWebhookSubscription, _ secret: String, previousSecretsExpireAt: Date? = nil
    ) -> JSONValue {
        guard case .object(var fields) = subscription.json else { return subscription.json }
        fields["secret"] = .string(secret)
        if let previousSecretsExpireAt { fields["previousSecretsExpireAt"] = JSONValue(previousSecretsExpireAt) }
        return .object(fields)
    }

    private static func subscription(_ context: AppRequestContext, api: APIContext) async throws -> WorkflowWebhookSubscription {
        let company = try await api.company(context)
        let raw = try context.parameters.text("id")
        guard let id = UUID(uuidString: raw), let subscription = try await api.store.webhookSubscription(companyId: company.id, id: id) else {
            throw FlowGateError.notFound("Webhook subscription '\(raw)' does not exist.")
        }
        return subscription
    }
}
