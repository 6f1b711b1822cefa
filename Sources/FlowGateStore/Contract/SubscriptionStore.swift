import FlowGateCore
import FlowGateDelivery
import Foundation

/// Webhook subscriptions of automation platforms, each with the workflow it registered.
public protocol SubscriptionStore: Sendable {
    /// Registers a subscription and its workflow in one transaction: reads the registration context (codes
    /// beginning with `codePrefix`, the client's earlier registrations), lets `register` decide, and writes the
    /// subscription (with the workflow's code), the workflow, and the disabled earlier registrations.
    func createWebhookSubscription(
        _ subscription: WorkflowWebhookSubscription, codePrefix: String,
        register: @escaping @Sendable (WebhookRegistrationContext) throws -> WebhookRegistration
    ) async throws -> WorkflowWebhookSubscription
    func webhookSubscriptions(companyId: UUID, _ page: PageRequest) async throws -> Page<WorkflowWebhookSubscription>
    func webhookSubscription(companyId: UUID, id: UUID) async throws -> WorkflowWebhookSubscription?
    /// A subscription of any company, for work that starts from a delivery (such as a 410 Gone) rather than a request.
    func webhookSubscription(id: UUID) async throws -> WorkflowWebhookSubscription?
    /// The enabled subscription that registered `workflowCode`, whose endpoint the workflow's requests go to.
    func webhookSubscription(companyId: UUID, workflowCode: String) async throws -> WorkflowWebhookSubscription?
    /// Removes a subscription (of any company), and disables or deletes its workflow as `disposal` decides from
    /// whether a run of it is still active. Returns false when there was no such subscription.
    func deleteWebhookSubscription(id: UUID, disposal: @escaping @Sendable (_ workflowHasActiveRuns: Bool) -> WorkflowDisposal) async throws -> Bool
    /// Changes a subscription of the company in one transaction (its secrets open inside `change`); nil when there
    /// is no such subscription.
    func updateWebhookSubscription(
        companyId: UUID, id: UUID, _ change: @escaping @Sendable (inout WorkflowWebhookSubscription) throws -> Void
    ) async throws -> WorkflowWebhookSubscription?
}
