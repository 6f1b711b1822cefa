import FlowGateCore
import FlowGateStore
import FlowGateDelivery
import Foundation
import Logging

/// What a 410 Gone from a subscription's endpoint does: the platform dropped the trigger for good, so no
/// answer will ever come for the requests it holds.
///
/// The subscription is removed and its workflow disabled; the requests still waiting on it are canceled (the
/// registered workflow's Cancel branch allows the record and reopens it, so nothing stays stuck in Pending
/// Approval); then, with no run left waiting, the workflow is deleted too.
public struct GoneSubscriptions: Sendable {
    let gateway: Gateway
    let logger: Logger

    public init(gateway: Gateway, logger: Logger) {
        self.gateway = gateway
        self.logger = logger
    }

    /// The user shown as having canceled the requests.
    static let systemUser = "FLOWGATE"

    /// Removes whichever subscription the endpoint belongs to: an approval subscription, or a record-change
    /// subscription (marked deleted with the status its receiver answered, as Business Central deletes it).
    public func remove(_ endpoint: GoneEndpoint) async {
        if await removeRecordSubscription(endpoint) { return }
        if await disable(InstantFlow.self, endpoint) { return }
        if await disable(ScheduledFlow.self, endpoint) { return }
        await remove(subscriptionId: endpoint.subscriptionId)
    }

    /// An instant or scheduled flow whose receiver answered 410 is disabled: its trigger is gone, and an admin may
    /// point it elsewhere and enable it again.
    private func disable<Flow: SwitchableFlow>(_ type: Flow.Type, _ endpoint: GoneEndpoint) async -> Bool {
        do {
            guard try await gateway.store.flow(Flow.self, id: endpoint.subscriptionId) != nil else { return false }
            _ = try await gateway.store.updateFlow(Flow.self, id: endpoint.subscriptionId, precondition: .none) { $0.enabled = false }
            logger.notice("Disabled \(Flow.kind.rawValue) \(endpoint.subscriptionId): its endpoint answered 410 Gone.")
        } catch {
            logger.error("Could not disable \(Flow.kind.rawValue) \(endpoint.subscriptionId) after 410 Gone: \(error)")
        }
        return true
    }

    private func removeRecordSubscription(_ endpoint: GoneEndpoint) async -> Bool {
        let status = endpoint.statusCode.map(String.init) ?? "no status"
        do {
            guard try await gateway.store.flow(RecordSubscription.self, id: endpoint.subscriptionId) != nil else { return false }
            let reason = "The notification URL answered \(status) to a notification; deleted as Business Central does."
            if try await gateway.store.markRecordSubscriptionDeleted(id: endpoint.subscriptionId, reason: reason, at: gateway.now()) {
                logger.notice("Deleted record-change subscription \(endpoint.subscriptionId): its endpoint answered \(status).")
            }
        } catch {
            logger.error("Could not delete record-change subscription \(endpoint.subscriptionId) after its endpoint answered \(status): \(error)")
        }
        return true
    }

    public func remove(subscriptionId: UUID) async {
        let store = gateway.store
        do {
            guard let subscription = try await store.webhookSubscription(id: subscriptionId) else { return }
            // First the subscription goes and its workflow is disabled, so no new request joins those being canceled.
            _ = try await store.deleteWebhookSubscription(id: subscriptionId, disposal: FlowWorkflowRegistration.disposalOnUnsubscribe)
            for entry in try await pendingEntries(of: subscription) {
                do {
                    _ = try await gateway.runner.run(companyId: entry.companyId, entitySet: entry.entitySet, recordId: entry.recordId) { engine, snapshot, now in
                        try engine.respondToWebhook(
                            entryNo: entry.entryNo, with: .cancel, in: snapshot, by: .init(userId: Self.systemUser, isIntegration: true), at: now
                        )
                    }
                } catch let error as FlowGateError where error.kind == .conflict || error.kind == .notFound {
                    continue  // answered or deleted meanwhile
                }
            }
            // With no run left waiting, the disabled workflow can go too (the subscription's removal kept it while runs waited).
            do {
                try await store.deleteWorkflow(
                    companyId: subscription.companyId, code: subscription.workflowCode, precondition: .none, rule: Workflows.deletionRule
                )
            } catch let error as FlowGateError where error.kind == .conflict || error.kind == .notFound {
                // Already gone, or a run still waits (it keeps the workflow, disabled).
            }
            logger.notice("Removed webhook subscription \(subscriptionId) (workflow \(subscription.workflowCode)): its endpoint answered 410 Gone.")
        } catch {
            logger.error("Could not remove webhook subscription \(subscriptionId) after 410 Gone: \(error)")
        }
    }

    private func pendingEntries(of subscription: WorkflowWebhookSubscription) async throws -> [WorkflowWebhookEntry] {
        try await Gateway.all { page in
            try await gateway.store.webhookEntries(companyId: subscription.companyId, WebhookEntryQuery(response: .pending), page)
        }.filter { $0.workflowCode == subscription.workflowCode }
    }
}
