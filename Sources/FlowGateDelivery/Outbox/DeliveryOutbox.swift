import Foundation

/// Where a message goes: the subscription's URL and the secrets that sign for it now.
public struct DeliveryEndpoint: Sendable, Equatable {
    public var subscriptionId: UUID
    public var url: String
    /// Newest first; all of them sign (Standard Webhooks' space-separated signatures), so rotation loses nothing.
    public var secrets: [WebhookSecret]
    /// How the receiver's answers are judged.
    public var failureRules: FailureRules

    public init(subscriptionId: UUID, url: String, secrets: [WebhookSecret], failureRules: FailureRules = .flow) {
        self.subscriptionId = subscriptionId
        self.url = url
        self.secrets = secrets
        self.failureRules = failureRules
    }
}

/// How a receiver's answers are judged, which differs by the contract the receiver was written against.
public enum FailureRules: Sendable, Equatable {
    /// Power Automate's Flow triggers: 410 Gone removes the subscription, Business Central's stop markers end the
    /// message, anything else is retried on the standard schedule.
    case flow
    /// Business Central API webhooks: 408, 429 and 5xx (and no answer at all) are retried for up to 36 hours;
    /// any other answer that is not 2xx deletes the subscription.
    case apiWebhook
}

/// Who holds claimed messages and until when. Another dispatcher takes them over only once `until` has passed,
/// and only the owner's results are recorded into them.
public struct DeliveryLease: Sendable, Equatable {
    /// The gateway instance holding the lease, an id it makes at start.
    public var owner: String
    public var until: Date

    public init(owner: String, until: Date) {
        self.owner = owner
        self.until = until
    }

    /// A new instance id, unique across restarts and hosts.
    public static func newOwner() -> String {
        UUID().uuidString.lowercased()
    }
}

/// A claimed message, leased to this dispatcher until its lease runs out.
public struct DeliveryTask: Sendable, Equatable {
    public var message: OutboxMessage
    /// Nil when the subscription no longer exists or is disabled: the message cannot be delivered.
    public var endpoint: DeliveryEndpoint?

    public init(message: OutboxMessage, endpoint: DeliveryEndpoint?) {
        self.message = message
        self.endpoint = endpoint
    }
}

/// The store side of delivery: the outbox the dispatcher claims messages from and records attempts into.
public protocol DeliveryOutbox: Sendable {
    /// Claims up to `limit` pending messages due at `now` whose lease is free or expired, oldest due first,
    /// and leases them to `lease.owner` until `lease.until`. An expired lease is taken over, whoever held it;
    /// no lease is ever freed wholesale, since other instances may share the outbox.
    func claimDueMessages(limit: Int, now: Date, lease: DeliveryLease) async throws -> [DeliveryTask]
    /// Stores attempts and, for the messages still leased to `owner`, their next states, freeing those leases, in
    /// one transaction. A message whose lease another instance took over keeps its state (its attempt is still kept).
    func record(_ results: [DeliveryResult], owner: String) async throws
    /// When the earliest pending message is due (leased ones count at their lease's end); nil when none waits.
    func nextDueDate() async throws -> Date?
}
