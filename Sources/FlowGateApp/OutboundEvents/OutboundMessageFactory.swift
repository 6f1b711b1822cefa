import FlowGateCore
import FlowGateDelivery
import Foundation

/// Turns any outbound event into the outbox message that carries it: the body `{type, timestamp, data}` (plus the
/// event's compatibility fields), due after the retry schedule's first delay. The dispatcher adds the Standard
/// Webhooks headers when it sends; the store gives the message its subscription when it commits.
public struct OutboundMessageFactory: Sendable {
    public var retryPolicy: RetryPolicy

    public init(retryPolicy: RetryPolicy = RetryPolicy()) {
        self.retryPolicy = retryPolicy
    }

    public func message(for event: some OutboundEvent, links: OutboundLinks, at now: Date) -> OutboxMessage {
        var body = event.compatibilityFields(links: links)
        body["type"] = .string(type(of: event).type)
        body["timestamp"] = JSONValue(now)
        body["data"] = event.data(links: links)
        var random = SystemRandomNumberGenerator()
        return OutboxMessage(
            id: event.messageId, companyId: event.companyId, subscriptionId: nil, sourceId: event.sourceId, eventType: type(of: event).type,
            payload: JSONValue.object(body).jsonBytes, createdAt: now,
            nextAttemptAt: now.addingTimeInterval(retryPolicy.firstAttemptDelay(using: &random))
        )
    }
}
