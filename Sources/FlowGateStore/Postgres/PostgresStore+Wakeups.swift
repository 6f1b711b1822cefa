import Foundation
import PostgresNIO

/// Every transaction that writes or retries outbox messages sends `NOTIFY flowgate_outbox`; a connection of each
/// instance listens on that channel.
extension PostgresStore: OutboxWakeups {
    static let outboxChannel = "flowgate_outbox"

    public func watchOutbox(_ wake: @escaping @Sendable () -> Void) async throws {
        try await pool.withConnection { connection in
            try await connection.listen(on: Self.outboxChannel) { notifications in
                for try await _ in notifications { wake() }
            }
        }
    }
}
