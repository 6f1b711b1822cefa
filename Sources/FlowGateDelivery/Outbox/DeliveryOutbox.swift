import Foundation

/// Where a message goes: the subscription's URL and the secrets that sign for it now.
public struct DeliveryEndpoint: Sendable, Equatable {
    public var subscriptionId: UUID
    public var url: String
    /// Newest first; all of them sign (Standard Webhooks' space-separated signatures), so rotation loses nothing.
    public var secrets: [WebhookSecret]

    public init(subscriptionId: UUID, url: String, secrets: [WebhookSecret]) {
        self.subscriptionId = subscriptionId
        self.url = url
        self.secrets = secrets
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
    /// and leases them until `leaseUntil` so no other dispatcher takes them meanwhile.
    func claimDueMessages(limit: Int, now: Date, leaseUntil: Date) async throws -> [DeliveryTask]
    /// Stores attempts and the messages' next states in one transaction, and frees their leases.
    func record(_ results: [DeliveryResult]) async throws
    /// When the earliest pending message is due (leased ones count at their lease's end); nil when none waits.
    func nextDueDate() async throws -> Date?
    /// Frees leases held by a process that is gone, so its messages are due again at once.
    /// The embedded store has one process per file, so it frees them all at start.
    func releaseAbandonedLeases(now: Date) async throws
}
