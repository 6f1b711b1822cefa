import FlowGateCore
import FlowGateDelivery
import Foundation

/// What every backend's outbox shares: the endpoint a claimed message goes to, and the columns a result writes.
extension WorkflowWebhookSubscription {
    /// The endpoint of an enabled subscription, signing with the secrets FlowGateCore says still sign at `now`. A
    /// secret that does not open or parse cannot sign; the receiver then rejects the message, which shows in its
    /// attempts. Nil for a disabled subscription: the message cannot be delivered.
    func deliveryEndpoint(secrets: SecretBox, at now: Date) -> DeliveryEndpoint? {
        let opened = try? openingSecrets(with: secrets)
        guard let signing = (opened ?? self).signingSecrets(at: now) else { return nil }
        return DeliveryEndpoint(
            subscriptionId: id, url: notificationUrl, secrets: opened == nil ? [] : signing.compactMap { try? WebhookSecret($0.secret) }
        )
    }
}

/// The columns a result writes into its message.
struct StoredNextState {
    var status: DeliveryStatus
    var nextAttemptAt: Date?
    var deliveredAt: Date?
    /// False keeps the message's last error: a retry without an attempt has nothing new to say.
    var setsLastError: Bool
    var lastError: String?

    init(_ next: DeliveryNextState, attempt: DeliveryAttempt?) {
        switch next {
        case .delivered(let at):
            self.init(status: .delivered, nextAttemptAt: nil, deliveredAt: at, setsLastError: true, lastError: nil)
        case .retry(let at):
            self.init(status: .pending, nextAttemptAt: at, deliveredAt: nil, setsLastError: attempt != nil, lastError: attempt?.error)
        case .failed(let reason):
            self.init(status: .failed, nextAttemptAt: nil, deliveredAt: nil, setsLastError: true, lastError: reason)
        }
    }

    private init(status: DeliveryStatus, nextAttemptAt: Date?, deliveredAt: Date?, setsLastError: Bool, lastError: String?) {
        self.status = status
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.setsLastError = setsLastError
        self.lastError = lastError
    }
}
