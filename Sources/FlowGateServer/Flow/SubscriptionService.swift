import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation

/// Subscribing to an approval event (which registers the subscription's workflow) and rotating its signing secret.
struct SubscriptionService: Sendable {
    let store: any Store
    let catalog: WorkflowCatalog
    let now: @Sendable () -> Date

    /// How long a rotated-out secret keeps signing, so receivers can switch without losing a message.
    static let rotationOverlap: TimeInterval = 24 * 3600

    /// Stores the subscription with a new secret and registers its enabled workflow; the secret is returned once.
    func subscribe(_ input: SubscriptionInput, companyId: UUID, userId: String) async throws -> (subscription: WorkflowWebhookSubscription, secret: String) {
        let secret = WebhookSecret.generate().text
        let subscription = WorkflowWebhookSubscription(
            id: UUID(), companyId: companyId, workflowCode: "", notificationUrl: input.notificationUrl, eventCode: input.kind.eventCode,
            conditions: input.conditions, clientType: input.clientType, clientId: input.clientId, enabled: true, userId: userId,
            createdAt: now(), secrets: [SigningSecret(secret: secret)]
        )
        let catalog = catalog
        let stored = try await store.createWebhookSubscription(subscription, codePrefix: input.kind.codePrefix) { code in
            let workflow = FlowWorkflowRegistration.workflow(
                input.kind, code: code, companyId: companyId, conditions: input.eventConditions, responseUserId: userId,
                subscriptionId: subscription.id, clientId: input.clientId
            )
            try workflow.validateForEnabling(catalog: catalog, otherEnabled: [])
            return workflow
        }
        return (stored, secret)
    }

    /// Makes a new secret the subscription's newest; the older ones keep signing until `previousExpireAt`.
    func rotateSecret(of subscription: WorkflowWebhookSubscription) async throws
        -> (subscription: WorkflowWebhookSubscription, secret: String, previousExpireAt: Date)
    {
        let secret = WebhookSecret.generate().text
        let until = now().addingTimeInterval(Self.rotationOverlap)
        guard let rotated = try await store.rotateWebhookSecret(
            companyId: subscription.companyId, id: subscription.id, secret: SigningSecret(secret: secret), previousExpireAt: until
        ) else {
            throw FlowGateError.notFound("Webhook subscription '\(subscription.id.lowercasedString)' does not exist.")
        }
        return (rotated, secret, until)
    }
}
