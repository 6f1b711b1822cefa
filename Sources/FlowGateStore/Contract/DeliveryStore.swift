import FlowGateCore
import FlowGateDelivery
import Foundation

/// The outbox as people see it: messages with their attempts, and retrying a failed one.
public protocol DeliveryStore: DeliveryOutbox {
    func deliveries(_ query: DeliveryQuery, _ page: PageRequest) async throws -> Page<OutboxMessage>
    /// A message and its attempts, oldest first.
    func delivery(id: UUID) async throws -> (message: OutboxMessage, attempts: [DeliveryAttempt])?
    /// The latest message about `sourceId` (a Flow entry's id).
    func delivery(sourceId: UUID) async throws -> OutboxMessage?
    /// Makes a failed message due again at `now`, keeping its attempts and its id; 409 `delivery-not-failed`
    /// when it is not failed, nil when there is no such message.
    func retryDelivery(id: UUID, now: Date) async throws -> OutboxMessage?
}
