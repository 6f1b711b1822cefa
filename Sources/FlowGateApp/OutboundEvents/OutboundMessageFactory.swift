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
        let body: JSONValue
        if let custom = event.customBody(links: links) {
            body = custom
        } else {
            var fields = event.compatibilityFields(links: links)
            fields["type"] = .string(type(of: event).type)
            fields["timestamp"] = JSONValue(now)
            fields["data"] = event.data(links: links)
            body = .object(fields)
        }
        var random = SystemRandomNumberGenerator()
        return OutboxMessage(
            id: event.messageId, companyId: event.companyId, subscriptionId: event.endpointId, sourceId: event.sourceId,
            eventType: type(of: event).type, payload: body.jsonBytes, createdAt: now,
            nextAttemptAt: now.addingTimeInterval(retryPolicy.firstAttemptDelay(using: &random))
        )
    }
}
