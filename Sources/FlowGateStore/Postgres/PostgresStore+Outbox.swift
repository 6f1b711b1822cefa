import FlowGateCore
import FlowGateDelivery
import Foundation
import PostgresNIO

/// The outbox on PostgreSQL: several instances claim from it at once. A claim locks the rows it takes with
/// `FOR UPDATE SKIP LOCKED`, so two claims never take one message and never wait on each other.
extension PostgresStore {
    static let outboxColumns = """
        seq, id, company_id, subscription_id, source_id, event_type, payload, status, attempt_count, next_attempt_at, last_error,
        last_status_code, created_at, delivered_at
        """

    public func claimDueMessages(limit: Int, now: Date, lease: DeliveryLease) async throws -> [DeliveryTask] {
        guard limit > 0 else { return [] }
        let secrets = secrets
        let at = now.timeIntervalSince1970
        return try await transaction { connection in
            let rows = try await self.run(
                """
                UPDATE outbox_messages SET lease_until = \(lease.until.timeIntervalSince1970), lease_owner = \(lease.owner)
                WHERE seq IN (
                    SELECT seq FROM outbox_messages
                    WHERE status = 'pending' AND next_attempt_at <= \(at) AND (lease_until IS NULL OR lease_until <= \(at))
                    ORDER BY next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
                )
                RETURNING \(unescaped: Self.outboxColumns)
                """,
                on: connection
            )
            var messages: [OutboxMessage] = []
            for row in rows { messages.append(try Self.outboxMessage(row)) }
            messages.sort { ($0.nextAttemptAt ?? .distantPast, $0.createdAt) < ($1.nextAttemptAt ?? .distantPast, $1.createdAt) }
            // Each subscription of the batch is read once: flows in one query, approval subscriptions one by one (few).
            let subscriptionIds = Set(messages.compactMap(\.subscriptionId))
            var endpoints = try await self.flowEndpoints(ids: subscriptionIds, now: now, on: connection)
            for id in subscriptionIds.sorted(by: { $0.storeKey < $1.storeKey }) where !endpoints.keys.contains(id) {
                let subscription = try await self.bodies(
                    WorkflowWebhookSubscription.self, "SELECT body FROM workflow_webhook_subscriptions WHERE id = \(id.storeKey)", on: connection
                ).first
                endpoints[id] = .some(subscription.flatMap { $0.deliveryEndpoint(secrets: secrets, at: now) })
            }
            return messages.map { message in
                DeliveryTask(message: message, endpoint: message.subscriptionId.flatMap { endpoints[$0] ?? nil })
            }
        }
    }

    /// The endpoints of the flows among `ids`, keyed by id; nil for a flow that cannot receive (not live, expired).
    /// An id that names no flow has no key.
    private func flowEndpoints(ids: Set<UUID>, now: Date, on connection: PostgresConnection) async throws -> [UUID: DeliveryEndpoint?] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await run(
            "SELECT id, kind, notification_url, secret, live, expires_at FROM flows WHERE id = ANY(\(ids.map(\.storeKey).sorted()))",
            on: connection
        ).decode((String, String, String, String, Bool, Double?).self)
        var endpoints: [UUID: DeliveryEndpoint?] = [:]
        for row in rows {
            guard let id = UUID(uuidString: row.0) else { continue }
            endpoints[id] = .some(
                FlowGateStore.flowEndpoint(
                    id: id, kind: row.1, url: row.2, sealedSecret: row.3, live: row.4, expiresAt: row.5.map(Date.init(timeIntervalSince1970:)),
                    secrets: secrets, at: now
                )
            )
        }
        return endpoints
    }

    public func record(_ results: [DeliveryResult], owner: String) async throws {
        guard !results.isEmpty else { return }
        try await transaction { connection in
            for result in results {
                let attempt = result.attempt
                if let attempt {
                    try await self.run(
                        """
                        INSERT INTO delivery_attempts (message_id, number, started_at, duration_ms, url, status_code, response_body, error, remote_address)
                        VALUES (\(attempt.messageId.storeKey), \(attempt.number), \(attempt.startedAt.timeIntervalSince1970),
                        \(attempt.durationMilliseconds), \(attempt.url), \(attempt.statusCode), \(attempt.responseBody), \(attempt.error),
                        \(attempt.remoteAddress))
                        """,
                        on: connection
                    )
                }
                let next = StoredNextState(result.next, attempt: attempt)
                // Only a pending message still leased to `owner` takes the result; its attempt is kept either way.
                try await self.run(
                    """
                    UPDATE outbox_messages SET status = \(next.status.rawValue), attempt_count = attempt_count + \(attempt == nil ? 0 : 1),
                        next_attempt_at = \(next.nextAttemptAt?.timeIntervalSince1970), delivered_at = \(next.deliveredAt?.timeIntervalSince1970),
                        last_error = CASE WHEN \(next.setsLastError) THEN \(next.lastError) ELSE last_error END,
                        last_status_code = CASE WHEN \(attempt != nil) THEN \(attempt?.statusCode) ELSE last_status_code END,
                        lease_until = NULL, lease_owner = NULL
                    WHERE id = \(result.messageId.storeKey) AND status = 'pending' AND lease_owner = \(owner)
                    """,
                    on: connection
                )
            }
        }
    }

    public func nextDueDate() async throws -> Date? {
        try await column(
            Double.self,
            "SELECT MIN(GREATEST(next_attempt_at, COALESCE(lease_until, next_attempt_at))) FROM outbox_messages WHERE status = 'pending' HAVING COUNT(*) > 0"
        ).first.map(Date.init(timeIntervalSince1970:))
    }

    // MARK: Deliveries

    public func deliveries(_ query: DeliveryQuery, _ page: PageRequest) async throws -> Page<OutboxMessage> {
        let companies = query.companyIds.map { $0.map(\.storeKey) }
        let rows = try await run(
            """
            SELECT \(unescaped: Self.outboxColumns) FROM outbox_messages WHERE (\(query.status?.rawValue)::text IS NULL OR status = \(query.status?.rawValue))
            AND (\(query.subscriptionId?.storeKey)::text IS NULL OR subscription_id = \(query.subscriptionId?.storeKey))
            AND (\(query.companyId?.storeKey)::text IS NULL OR company_id = \(query.companyId?.storeKey))
            AND (\(companies)::text[] IS NULL OR company_id = ANY(\(companies)::text[]))
            AND seq > \(page.afterSeq) ORDER BY seq LIMIT \(page.fetchLimit)
            """
        )
        var found: [(Int64, OutboxMessage)] = []
        for row in rows { found.append((try row.makeRandomAccess()["seq"].decode(Int64.self), try Self.outboxMessage(row))) }
        let kept = found.prefix(page.limit)
        let next = found.count > page.limit ? kept.last.map { PageCursor.encode($0.0) } : nil
        return Page(items: kept.map(\.1), nextCursor: next)
    }

    public func delivery(id: UUID) async throws -> (message: OutboxMessage, attempts: [DeliveryAttempt])? {
        guard let message = try await outboxMessage(id: id) else { return nil }
        let rows = try await run(
            """
            SELECT number, started_at, duration_ms, url, status_code, response_body, error, remote_address
            FROM delivery_attempts WHERE message_id = \(id.storeKey) ORDER BY seq
            """
        )
        var attempts: [DeliveryAttempt] = []
        for (number, startedAt, duration, url, statusCode, responseBody, error, remoteAddress)
            in try rows.decode((Int, Double, Double, String, Int?, String?, String?, String?).self)
        {
            attempts.append(
                DeliveryAttempt(
                    messageId: id, number: number, startedAt: Date(timeIntervalSince1970: startedAt), durationMilliseconds: duration, url: url,
                    statusCode: statusCode, responseBody: responseBody, error: error, remoteAddress: remoteAddress
                )
            )
        }
        return (message, attempts)
    }

    public func delivery(sourceId: UUID) async throws -> OutboxMessage? {
        let rows = try await run(
            "SELECT \(unescaped: Self.outboxColumns) FROM outbox_messages WHERE source_id = \(sourceId.storeKey) ORDER BY seq DESC LIMIT 1"
        )
        for row in rows { return try Self.outboxMessage(row) }
        return nil
    }

    public func retryDelivery(id: UUID, now: Date) async throws -> OutboxMessage? {
        try await transaction { connection in
            guard let message = try await self.outboxMessage(id: id, on: connection, forUpdate: true) else { return nil }
            guard message.status == .failed else {
                throw FlowGateError.conflict(
                    "delivery-not-failed", "Delivery \(id.storeKey) is \(message.status.rawValue); only failed deliveries can be retried."
                )
            }
            // Same id, so the receiver's duplicate check still recognises it; the attempts and the last error stay as history.
            try await self.run(
                """
                UPDATE outbox_messages SET status = 'pending', next_attempt_at = \(now.timeIntervalSince1970), lease_until = NULL, lease_owner = NULL
                WHERE id = \(id.storeKey)
                """,
                on: connection
            )
            try await self.run("SELECT pg_notify('flowgate_outbox', '')", on: connection)
            return try await self.outboxMessage(id: id, on: connection)
        }
    }

    // MARK: Helpers

    func outboxMessage(id: UUID, on connection: PostgresConnection? = nil, forUpdate: Bool = false) async throws -> OutboxMessage? {
        let rows = try await run(
            "SELECT \(unescaped: Self.outboxColumns) FROM outbox_messages WHERE id = \(id.storeKey) \(unescaped: forUpdate ? "FOR UPDATE" : "")",
            on: connection
        )
        for row in rows { return try Self.outboxMessage(row) }
        return nil
    }

    static func outboxMessage(_ row: PostgresRow) throws -> OutboxMessage {
        let row = row.makeRandomAccess()
        let statusText = try row["status"].decode(String.self)
        guard let status = DeliveryStatus(rawValue: statusText) else {
            throw FlowGateError(.unavailable, type: "store-corrupt", detail: "Outbox message has unknown status '\(statusText)'.")
        }
        func uuid(_ column: String) throws -> UUID? {
            try row[column].decode(String?.self).map { text in
                guard let id = UUID(uuidString: text) else {
                    throw FlowGateError(.unavailable, type: "store-corrupt", detail: "'\(text)' in the outbox is not a UUID.")
                }
                return id
            }
        }
        func date(_ column: String) throws -> Date? { try row[column].decode(Double?.self).map(Date.init(timeIntervalSince1970:)) }
        guard let id = try uuid("id") else { throw FlowGateError(.unavailable, type: "store-corrupt", detail: "An outbox message has no id.") }
        return OutboxMessage(
            id: id, companyId: try uuid("company_id"), subscriptionId: try uuid("subscription_id"), sourceId: try uuid("source_id"),
            eventType: try row["event_type"].decode(String.self), payload: [UInt8](try row["payload"].decode(Data.self)),
            createdAt: Date(timeIntervalSince1970: try row["created_at"].decode(Double.self)), status: status,
            attemptCount: try row["attempt_count"].decode(Int.self), nextAttemptAt: try date("next_attempt_at"),
            lastError: try row["last_error"].decode(String?.self), lastStatusCode: try row["last_status_code"].decode(Int?.self),
            deliveredAt: try date("delivered_at")
        )
    }
}
