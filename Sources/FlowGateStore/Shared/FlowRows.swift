import FlowGateCore
import FlowGateDelivery
import Foundation

/// What every backend's flow table shares: sealing a flow's secret, and the endpoint its messages go to.
extension OutboundFlow {
    /// The same flow with its secret sealed, bound to the flow's id.
    func sealingSecret(with box: SecretBox) throws -> Self {
        var sealed = self
        sealed.secret = try box.seal(secret, context: FlowSecretContext.of(id))
        return sealed
    }
}

enum FlowSecretContext {
    /// What a sealed flow secret is bound to: its flow.
    static func of(_ id: UUID) -> String { "flowgate flow " + id.storeKey }
}

/// The endpoint of a flow as its row holds it, for a message claimed from the outbox: nil when the flow is no
/// longer live or has expired at `now` (the message cannot be delivered). A secret that does not open cannot sign;
/// the receiver then rejects the message, which shows in its attempts.
func flowEndpoint(
    id: UUID, kind: String, url: String, sealedSecret: String, live: Bool, expiresAt: Date?, secrets box: SecretBox, at now: Date
) -> DeliveryEndpoint? {
    guard live, expiresAt.map({ $0 > now }) ?? true else { return nil }
    let secret = (try? box.open(sealedSecret, context: FlowSecretContext.of(id))).flatMap { try? WebhookSecret($0) }
    return DeliveryEndpoint(
        subscriptionId: id, url: url, secrets: secret.map { [$0] } ?? [],
        failureRules: kind == FlowKind.recordSubscription.rawValue ? .apiWebhook : .flow
    )
}

extension FlowGateError {
    static func tooManyFlows(_ kind: FlowKind, maximum: Int) -> FlowGateError {
        let what = kind == .recordSubscription ? "record-change subscriptions" : "\(kind.rawValue)s"
        return .conflict("too-many-subscriptions", "The company already has \(maximum) \(what), the most allowed; delete one first.")
    }
}
