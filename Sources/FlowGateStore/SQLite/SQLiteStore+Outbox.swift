import FlowGateCore
import FlowGateDelivery
import Foundation
import GRDB

/// The dispatcher's side of the transactional outbox. Each call is one short write transaction whose
/// statements come from the statement cache: claims and results are the gateway's busiest writes after `apply`.
extension SQLiteStore {
    public func claimDueMessages(limit: Int, now: Date, lease: DeliveryLease) async throws -> [DeliveryTask] {
        guard limit > 0 else { return [] }
        let secrets = secrets
        return try await writer.write { db in
            let rows = try Row.fetchAll(
                try db.cachedStatement(
                    sql: """
                        SELECT \(Self.outboxColumns), s.body AS subscription_body, f.kind AS flow_kind, f.notification_url AS flow_url,
                            f.secret AS flow_secret, f.live AS flow_live, f.expires_at AS flow_expires_at
                        FROM outbox_messages m LEFT JOIN workflow_webhook_subscriptions s ON s.id = m.subscription_id
                            LEFT JOIN flows f ON f.id = m.subscription_id
                        WHERE m.status = 'pending' AND m.next_attempt_at <= ? AND (m.lease_until IS NULL OR m.lease_until <= ?)
                        ORDER BY m.next_attempt_at LIMIT ?
                        """
                ),
                arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970, limit]
            )
            let take = try db.cachedStatement(sql: "UPDATE outbox_messages SET lease_until = ?, lease_owner = ? WHERE seq = ?")
            // Many messages of a batch usually go to the same few subscriptions: each is decoded once.
            var endpoints: [UUID: DeliveryEndpoint?] = [:]
            return try rows.map { row in
                try take.execute(arguments: [lease.until.timeIntervalSince1970, lease.owner, row["seq"] as Int64])
                let message = try Self.outboxMessage(from: row)
                if let subscriptionId = message.subscriptionId, let kind: String = row["flow_kind"] {
                    let expiresAt = (row["flow_expires_at"] as Double?).map(Date.init(timeIntervalSince1970:))
                    let endpoint = flowEndpoint(
                        id: subscriptionId, kind: kind, url: row["flow_url"], sealedSecret: row["flow_secret"], live: row["flow_live"],
                        expiresAt: expiresAt, secrets: secrets, at: now
                    )
                    return DeliveryTask(message: message, endpoint: endpoint)
                }
                guard let subscriptionId = message.subscriptionId, let body: String = row["subscription_body"] else {
                    return DeliveryTask(message: message, endpoint: nil)
                }
                if let known = endpoints[subscriptionId] { return DeliveryTask(message: message, endpoint: known) }
                let endpoint = try Self.decode(WorkflowWebhookSubscription.self, body).deliveryEndpoint(secrets: secrets, at: now)
                endpoints[subscriptionId] = endpoint
                return DeliveryTask(message: message, endpoint: endpoint)
            }
        }
    }

    public func record(_ results: [DeliveryResult], owner: String) async throws {
        guard !results.isEmpty else { return }
        try await writer.write { db in
            let insertAttempt = try db.cachedStatement(
                sql: """
                    INSERT INTO delivery_attempts (message_id, number, started_at, duration_ms, url, status_code, response_body, error, remote_address)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            // Only a pending message still leased to `owner` takes a result: should the lease have run out and another
            // instance have taken the message over, a late result cannot overwrite its state. Its attempt is still
            // kept, as it happened.
            let update = try db.cachedStatement(
                sql: """
                    UPDATE outbox_messages SET status = ?, attempt_count = attempt_count + ?, next_attempt_at = ?, delivered_at = ?,
                        last_error = CASE WHEN ? THEN ? ELSE last_error END,
                        last_status_code = CASE WHEN ? THEN ? ELSE last_status_code END,
                        lease_until = NULL, lease_owner = NULL
                    WHERE id = ? AND status = 'pending' AND lease_owner = ?
                    """
            )
            for result in results {
                let attempt = result.attempt
                if let attempt {
                    try insertAttempt.execute(arguments: [
                        attempt.messageId.storeKey, attempt.number, attempt.startedAt.timeIntervalSince1970, attempt.durationMilliseconds,
                        attempt.url, attempt.statusCode, attempt.responseBody, attempt.error, attempt.remoteAddress,
                    ])
                }
                let next = StoredNextState(result.next, attempt: attempt)
                try update.execute(arguments: [
                    next.status.rawValue, attempt == nil ? 0 : 1, next.nextAttemptAt?.timeIntervalSince1970,
                    next.deliveredAt?.timeIntervalSince1970, next.setsLastError, next.lastError,
                    attempt != nil, attempt?.statusCode, result.messageId.storeKey, owner,
                ])
            }
        }
    }

    public func nextDueDate() async throws -> Date? {
        try await writer.read { db in
            // min over pending of max(next_attempt_at, lease_until), in two index walks instead of a scan of the
            // backlog: the earliest message whose lease (if any) ends before it is due, and the earliest lease
            // that ends after its message is due (only messages in flight hold a lease).
            let due = try Double.fetchOne(
                try db.cachedStatement(
                    sql: """
                        SELECT next_attempt_at FROM outbox_messages
                        WHERE status = 'pending' AND (lease_until IS NULL OR lease_until <= next_attempt_at)
                        ORDER BY next_attempt_at LIMIT 1
                        """
                )
            )
            let leased = try Double.fetchOne(
                try db.cachedStatement(
                    sql: """
                        SELECT MIN(lease_until) FROM outbox_messages INDEXED BY outbox_messages_leased
                        WHERE lease_until IS NOT NULL AND status = 'pending' AND lease_until > next_attempt_at
                        """
                )
            )
            return [due, leased].compactMap { $0 }.min().map { Date(timeIntervalSince1970: $0) }
        }
    }
}
