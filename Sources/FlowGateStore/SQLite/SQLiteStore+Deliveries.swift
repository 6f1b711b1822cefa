import FlowGateCore
import FlowGateDelivery
import Foundation
import GRDB

/// The operator's view of the outbox: messages, oldest first as every list, with their attempts.
extension SQLiteStore {
    public func deliveries(_ query: DeliveryQuery, _ page: PageRequest) async throws -> Page<OutboxMessage> {
        var sql = "SELECT \(Self.outboxColumns) FROM outbox_messages m WHERE 1 = 1"
        var arguments: StatementArguments = []
        if let status = query.status { sql += " AND m.status = ?"; arguments += [status.rawValue] }
        if let subscriptionId = query.subscriptionId { sql += " AND m.subscription_id = ?"; arguments += [subscriptionId.storeKey] }
        if let companyId = query.companyId { sql += " AND m.company_id = ?"; arguments += [companyId.storeKey] }
        if let companyIds = query.companyIds { Self.restrict(&sql, &arguments, column: "m.company_id", to: companyIds) }
        return try await writer.read { [sql, arguments] db in
            try Self.page(db, sql: sql, arguments: arguments, page, position: "m.seq", item: Self.outboxMessage(from:))
        }
    }

    public func delivery(id: UUID) async throws -> (message: OutboxMessage, attempts: [DeliveryAttempt])? {
        try await writer.read { db in
            guard let message = try Self.outboxMessage(db, id: id) else { return nil }
            let attempts = try Row.fetchAll(
                try db.cachedStatement(
                    sql: """
                        SELECT number, started_at, duration_ms, url, status_code, response_body, error, remote_address
                        FROM delivery_attempts WHERE message_id = ? ORDER BY seq
                        """
                ),
                arguments: [id.storeKey]
            ).map { row in
                DeliveryAttempt(
                    messageId: id, number: row["number"], startedAt: Date(timeIntervalSince1970: row["started_at"]),
                    durationMilliseconds: row["duration_ms"], url: row["url"], statusCode: row["status_code"],
                    responseBody: row["response_body"], error: row["error"], remoteAddress: row["remote_address"]
                )
            }
            return (message, attempts)
        }
    }

    public func delivery(sourceId: UUID) async throws -> OutboxMessage? {
        try await writer.read { db in
            try Row.fetchOne(
                try db.cachedStatement(sql: "SELECT \(Self.outboxColumns) FROM outbox_messages m WHERE m.source_id = ? ORDER BY m.seq DESC LIMIT 1"),
                arguments: [sourceId.storeKey]
            ).map(Self.outboxMessage(from:))
        }
    }

    public func retryDelivery(id: UUID, now: Date) async throws -> OutboxMessage? {
        try await writer.write { db in
            guard let message = try Self.outboxMessage(db, id: id) else { return nil }
            guard message.status == .failed else {
                throw FlowGateError.conflict(
                    "delivery-not-failed", "Delivery \(id.storeKey) is \(message.status.rawValue); only failed deliveries can be retried."
                )
            }
            // Same id, so the receiver's duplicate check still recognises it; the attempts and the last error stay as history.
            try db.execute(
                sql: "UPDATE outbox_messages SET status = 'pending', next_attempt_at = ?, lease_until = NULL, lease_owner = NULL WHERE id = ?",
                arguments: [now.timeIntervalSince1970, id.storeKey]
            )
            return try Self.outboxMessage(db, id: id)
        }
    }

    // MARK: Reading messages

    /// Every column of a message, for `outboxMessage(from:)`, from the table aliased `m`.
    static let outboxColumns = """
        m.seq AS seq, m.id, m.company_id, m.subscription_id, m.source_id, m.event_type, m.payload, m.status, m.attempt_count,
        m.next_attempt_at, m.last_error, m.last_status_code, m.created_at, m.delivered_at
        """

    static func outboxMessage(_ db: Database, id: UUID) throws -> OutboxMessage? {
        try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT \(outboxColumns) FROM outbox_messages m WHERE m.id = ?"), arguments: [id.storeKey]
        ).map(outboxMessage(from:))
    }

    static func outboxMessage(from row: Row) throws -> OutboxMessage {
        let statusText: String = row["status"]
        guard let status = DeliveryStatus(rawValue: statusText) else {
            throw FlowGateError(.unavailable, type: "store-corrupt", detail: "Outbox message \((row["id"] as String?) ?? "") has unknown status '\(statusText)'.")
        }
        let payload: Data = row["payload"]
        return OutboxMessage(
            id: try storedUUID(row["id"]), companyId: try (row["company_id"] as String?).map(storedUUID),
            subscriptionId: try (row["subscription_id"] as String?).map(storedUUID), sourceId: try (row["source_id"] as String?).map(storedUUID),
            eventType: row["event_type"], payload: [UInt8](payload), createdAt: Date(timeIntervalSince1970: row["created_at"]),
            status: status, attemptCount: row["attempt_count"], nextAttemptAt: (row["next_attempt_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            lastError: row["last_error"], lastStatusCode: row["last_status_code"],
            deliveredAt: (row["delivered_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        )
    }

    private static func storedUUID(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw FlowGateError(.unavailable, type: "store-corrupt", detail: "'\(text)' in the outbox is not a UUID.")
        }
        return id
    }
}
