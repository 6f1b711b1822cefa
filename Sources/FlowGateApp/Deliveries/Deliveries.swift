import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation

/// The outbox as operators see it: every message, its attempts, and retrying dead letters. A key limited to some
/// companies sees only their messages; others are answered as missing.
public struct Deliveries: Sendable {
    let gateway: Gateway

    public func list(_ caller: Caller, status: DeliveryStatus?, subscriptionId: UUID?, _ page: PageRequest) async throws -> Page<OutboxMessage> {
        try await gateway.store.deliveries(DeliveryQuery(status: status, subscriptionId: subscriptionId, companyIds: caller.companies), page)
    }

    public func delivery(_ caller: Caller, id raw: String) async throws -> (message: OutboxMessage, attempts: [DeliveryAttempt]) {
        let id = try Self.id(raw)
        guard let found = try await gateway.store.delivery(id: id), caller.reaches(found.message.companyId) else { throw Self.notFound(id) }
        return found
    }

    /// Makes a failed message due again now, keeping its id and attempts.
    public func retry(_ caller: Caller, id raw: String) async throws -> OutboxMessage {
        let id = try Self.id(raw)
        if caller.companies != nil {
            guard let (message, _) = try await gateway.store.delivery(id: id), caller.reaches(message.companyId) else { throw Self.notFound(id) }
        }
        guard let message = try await gateway.store.retryDelivery(id: id, now: gateway.now()) else { throw Self.notFound(id) }
        gateway.outbox.messagesStored()
        return message
    }

    private static func id(_ raw: String) throws -> UUID {
        guard let id = UUID(uuidString: raw) else { throw FlowGateError.notFound("Delivery '\(raw)' does not exist.") }
        return id
    }

    private static func notFound(_ id: UUID) -> FlowGateError {
        .notFound("Delivery '\(id.lowercasedString)' does not exist.")
    }
}
