import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation
import Hummingbird

/// `workflowWebhookSubscriptions`: automation platforms subscribe to approval events, which registers a
/// workflow in the company's list, and unsubscribe (Power Automate sends DELETE to the `Location`).
struct SubscriptionRoutes {
    let api: APIContext
    let catalog: WorkflowCatalog
    let networkPolicy: NetworkPolicy

    /// How long a rotated-out secret keeps signing, so receivers can switch without losing a message.
    static let rotationOverlap: TimeInterval = 24 * 3600

    func register(on group: RouterGroup<AppRequestContext>) {
        let (api, catalog, policy) = (api, catalog, networkPolicy)
        let store = api.store

        group.post("companies/:company/workflowWebhookSubscriptions") { request, context in
            let caller = try context.caller()
            try caller.require(.integration, to: "subscribe to approval events")
            let company = try await api.company(context)
            let input = try Inputs.subscription(try await request.jsonObject(limit: api.bodyLimit), policy: policy)
            let secret = WebhookSecret.generate().text
            let subscription = WorkflowWebhookSubscription(
                id: UUID(), companyId: company.id, workflowCode: "", notificationUrl: input.notificationUrl, eventCode: input.kind.eventCode,
                conditions: input.conditions, clientType: input.clientType, clientId: input.clientId, enabled: true,
                userId: caller.user.userName, createdAt: api.now(), secrets: [SigningSecret(secret: secret)]
            )
            let stored = try await store.createWebhookSubscription(subscription, codePrefix: input.kind.codePrefix) { code in
                let workflow = FlowWorkflowRegistration.workflow(
                    input.kind, code: code, companyId: company.id, conditions: input.eventConditions,
                    responseUserId: subscription.userId, subscriptionId: subscription.id, clientId: input.clientId
                )
                try workflow.validateForEnabling(catalog: catalog, otherEnabled: [])
                return workflow
            }
            let location = "/api/v1/companies/\(company.id.uuidString.lowercased())/workflowWebhookSubscriptions/\(stored.id.uuidString.lowercased())"
            return try JSONResponse.make(Self.withSecret(stored, secret), status: .created, location: location)
        }
        group.get("companies/:company/workflowWebhookSubscriptions") { request, context in
            try context.caller().require(.integration, to: "list webhook subscriptions")
            let company = try await api.company(context)
            return try await store.webhookSubscriptions(companyId: company.id, try request.pageRequest()).response()
        }
        group.get("companies/:company/workflowWebhookSubscriptions/:id") { _, context in
            try context.caller().require(.integration, to: "read webhook subscriptions")
            return try JSONResponse.make(try await Self.subscription(context, api: api).json)
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
            let secret = WebhookSecret.generate().text
            let until = api.now().addingTimeInterval(Self.rotationOverlap)
            guard let rotated = try await store.rotateWebhookSecret(
                companyId: subscription.companyId, id: subscription.id, secret: SigningSecret(secret: secret), previousExpireAt: until
            ) else { throw Self.notFound(subscription.id.uuidString.lowercased()) }
            var body = Self.withSecret(rotated, secret)
            if case .object(var fields) = body {
                fields["previousSecretsExpireAt"] = JSONValue(until)
                body = .object(fields)
            }
            return try JSONResponse.make(body)
        }
    }

    /// The subscription with its new secret, shown once: the receiver verifies signatures with it.
    private static func withSecret(_ subscription: WorkflowWebhookSubscription, _ secret: String) -> JSONValue {
        guard case .object(var fields) = subscription.json else { return subscription.json }
        fields["secret"] = .string(secret)
        return .object(fields)
    }

    private static func subscription(_ context: AppRequestContext, api: APIContext) async throws -> WorkflowWebhookSubscription {
        let company = try await api.company(context)
        let raw = try context.parameters.require("id")
        guard let id = UUID(uuidString: raw), let subscription = try await api.store.webhookSubscription(companyId: company.id, id: id) else {
            throw notFound(raw)
        }
        return subscription
    }

    private static func notFound(_ id: String) -> FlowGateError {
        .notFound("Webhook subscription '\(id)' does not exist.")
    }
}
