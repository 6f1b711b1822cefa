import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation

/// What a platform asks for when it subscribes to an approval event.
public struct SubscriptionRequest: Sendable {
    public var notificationUrl: String
    public var kind: FlowWorkflowRegistration.Kind
    public var conditions: String?
    public var eventConditions: EventConditions?
    public var clientType: String
    public var clientId: String

    public init(
        notificationUrl: String, kind: FlowWorkflowRegistration.Kind, conditions: String?, eventConditions: EventConditions?, clientType: String,
        clientId: String
    ) {
        self.notificationUrl = notificationUrl
        self.kind = kind
        self.conditions = conditions
        self.eventConditions = eventConditions
        self.clientType = clientType
        self.clientId = clientId
    }
}

/// A subscription with a signing secret shown once.
public struct SubscriptionWithSecret: Sendable {
    public var subscription: WorkflowWebhookSubscription
    public var secret: String
    /// When the secrets it replaced stop signing (after a rotation).
    public var previousSecretsExpireAt: Date?
}

extension FlowConnector {
    /// How long a rotated-out secret keeps signing, so receivers can switch without losing a message.
    public static let rotationOverlap: TimeInterval = 24 * 3600

    /// Subscribes to an approval event: stores the subscription with a new secret and registers its enabled workflow.
    public func subscribe(_ caller: Caller, company: Company, _ request: SubscriptionRequest) async throws -> SubscriptionWithSecret {
        let secret = WebhookSecret.generate().text
        let subscription = WorkflowWebhookSubscription(
            id: UUID(), companyId: company.id, workflowCode: "", notificationUrl: request.notificationUrl, eventCode: request.kind.eventCode,
            conditions: request.conditions, clientType: request.clientType, clientId: request.clientId, enabled: true, userId: caller.userName,
            createdAt: gateway.now(), secrets: [SigningSecret(secret: secret)]
        )
        let (catalog, companyId, userId) = (gateway.catalog, company.id, caller.userName)
        let stored = try await gateway.store.createWebhookSubscription(subscription, codePrefix: request.kind.codePrefix) { context in
            try FlowWorkflowRegistration.register(prefix: request.kind.codePrefix, in: context) { code in
                let workflow = FlowWorkflowRegistration.workflow(
                    request.kind, code: code, companyId: companyId, conditions: request.eventConditions, responseUserId: userId,
                    subscriptionId: subscription.id, clientId: request.clientId
                )
                try workflow.validateForEnabling(catalog: catalog, otherEnabled: [])
                return workflow
            }
        }
        return SubscriptionWithSecret(subscription: stored, secret: secret)
    }

    public func subscriptions(company: Company, _ page: PageRequest) async throws -> Page<WorkflowWebhookSubscription> {
        return try await gateway.store.webhookSubscriptions(companyId: company.id, page)
    }

    public func subscription(company: Company, id: String) async throws -> WorkflowWebhookSubscription {
        return try await existingSubscription(company: company, id: id)
    }

    /// Ends a subscription: its workflow is disabled, and deleted when no run of it waits.
    public func unsubscribe(company: Company, id: String) async throws {
        let subscription = try await existingSubscription(company: company, id: id)
        _ = try await gateway.store.deleteWebhookSubscription(id: subscription.id, disposal: FlowWorkflowRegistration.disposalOnUnsubscribe)
    }

    /// Makes a new secret the subscription's newest; the older ones keep signing for `rotationOverlap`.
    public func rotateSecret(company: Company, id: String) async throws -> SubscriptionWithSecret {
        let subscription = try await existingSubscription(company: company, id: id)
        let secret = WebhookSecret.generate().text
        let now = gateway.now()
        let until = now.addingTimeInterval(Self.rotationOverlap)
        let newest = SigningSecret(secret: secret)
        guard let rotated = try await gateway.store.updateWebhookSubscription(companyId: subscription.companyId, id: subscription.id, { stored in
            stored.rotateSecret(to: newest, previousExpireAt: until, now: now)
        }) else {
            throw FlowGateError.notFound("Webhook subscription '\(subscription.id.lowercasedString)' does not exist.")
        }
        return SubscriptionWithSecret(subscription: rotated, secret: secret, previousSecretsExpireAt: until)
    }

    private func existingSubscription(company: Company, id raw: String) async throws -> WorkflowWebhookSubscription {
        guard let id = UUID(uuidString: raw), let subscription = try await gateway.store.webhookSubscription(companyId: company.id, id: id) else {
            throw FlowGateError.notFound("Webhook subscription '\(raw)' does not exist.")
        }
        return subscription
    }
}
