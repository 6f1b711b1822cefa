import Foundation

/// Where a message stands: waiting (first attempt or a retry), delivered, or failed for good (a dead letter).
public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    case pending
    case delivered
    /// Retries ran out or the receiver said stop: kept as a dead letter until retried by hand.
    case failed
}

/// A webhook message in the transactional outbox: written with the state change that caused it,
/// then delivered at least once by the dispatcher.
public struct OutboxMessage: Sendable, Equatable {
    /// Stable across retries: the `webhook-id` is derived from it, so receivers can drop duplicates.
    public var id: UUID
    public var companyId: UUID?
    /// The subscription whose endpoint receives it; its URL and secrets are read when the message is sent.
    public var subscriptionId: UUID?
    /// What the message is about, opaque to delivery (a Flow entry's id), so callers can show its state.
    public var sourceId: UUID?
    /// The payload's `type`, such as `approval.requested`.
    public var eventType: String
    /// The exact JSON body that is signed and sent.
    public var payload: [UInt8]
    public var createdAt: Date
    public var status: DeliveryStatus
    /// Attempts made so far.
    public var attemptCount: Int
    /// When the next attempt is due, while pending.
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var lastStatusCode: Int?
    public var deliveredAt: Date?

    public init(
        id: UUID, companyId: UUID?, subscriptionId: UUID?, sourceId: UUID?, eventType: String, payload: [UInt8], createdAt: Date,
        status: DeliveryStatus = .pending, attemptCount: Int = 0, nextAttemptAt: Date? = nil, lastError: String? = nil,
        lastStatusCode: Int? = nil, deliveredAt: Date? = nil
    ) {
        self.id = id
        self.companyId = companyId
        self.subscriptionId = subscriptionId
        self.sourceId = sourceId
        self.eventType = eventType
        self.payload = payload
        self.createdAt = createdAt
        self.status = status
        self.attemptCount = attemptCount
        self.nextAttemptAt = nextAttemptAt ?? (status == .pending ? createdAt : nil)
        self.lastError = lastError
        self.lastStatusCode = lastStatusCode
        self.deliveredAt = deliveredAt
    }

    /// The Standard Webhooks `webhook-id`: `msg_` and the id's 32 hex digits (no `.`, as the spec asks).
    public var webhookId: String {
        "msg_" + id.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}
