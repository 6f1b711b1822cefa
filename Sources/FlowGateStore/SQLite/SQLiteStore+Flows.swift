import FlowGateCore
import FlowGateDelivery
import Foundation
import GRDB

/// Automated, instant and scheduled flows: one table for every kind, its indexed members as columns.
extension SQLiteStore {
    public func createFlow<Flow: OutboundFlow>(_ flow: Flow, maximumPerCompany: Int?) async throws -> Flow {
        let sealed = try flow.sealingSecret(with: secrets)
        try await writer.write { db in
            if let maximumPerCompany {
                let live = try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM flows WHERE kind = ? AND company_id = ? AND deleted_at IS NULL
                        AND (expires_at IS NULL OR expires_at > ?)
                        """,
                    arguments: [Flow.kind.rawValue, flow.companyId.storeKey, flow.createdAt.timeIntervalSince1970]
                ) ?? 0
                if live >= maximumPerCompany { throw FlowGateError.tooManyFlows(Flow.kind, maximum: maximumPerCompany) }
            }
            try Self.mapConstraint("Flow \(flow.id.storeKey) already exists.") {
                try db.execute(
                    sql: """
                        INSERT INTO flows (id, kind, company_id, entity_set, notification_url, secret, live, expires_at, due_at, version, body)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        sealed.id.storeKey, Flow.kind.rawValue, sealed.companyId.storeKey, sealed.watchedEntitySet?.rawValue,
                        sealed.notificationUrl, sealed.secret, sealed.isLive, sealed.expiresAt?.timeIntervalSince1970,
                        sealed.dueAt?.timeIntervalSince1970, sealed.version, try Self.encode(sealed),
                    ]
                )
            }
        }
        return flow
    }

    public func flows<Flow: OutboundFlow>(_ type: Flow.Type, _ query: FlowQuery, _ page: PageRequest) async throws -> Page<Flow> {
        try await writer.read { db in
            var sql = "SELECT seq, body FROM flows WHERE kind = ?"
            var arguments: StatementArguments = [Flow.kind.rawValue]
            if let companyId = query.companyId {
                sql += " AND company_id = ?"
                arguments += [companyId.storeKey]
            }
            if let ids = query.companyIds { Self.restrict(&sql, &arguments, column: "company_id", to: ids) }
            if !query.includeDeleted { sql += " AND deleted_at IS NULL" }
            return try Self.page(db, Flow.self, sql: sql, arguments: arguments, page)
        }
    }

    public func flow<Flow: OutboundFlow>(_ type: Flow.Type, id: UUID) async throws -> Flow? {
        try await writer.read { db in try Self.flow(db, Flow.self, id: id) }
    }

    public func updateFlow<Flow: OutboundFlow>(
        _ type: Flow.Type, id: UUID, precondition: VersionPrecondition, _ change: @escaping @Sendable (inout Flow) throws -> Void
    ) async throws -> Flow? {
        try await writer.write { db in
            let current = try Self.flow(db, Flow.self, id: id)
            try precondition.check(current: current?.version)
            guard var flow = current else { return nil }
            try change(&flow)
            // The secret stays as sealed: a change cannot put one in clear.
            flow.secret = current?.secret ?? ""
            flow.version = (current?.version ?? 0) + 1
            try Self.writeFlow(db, flow)
            return flow
        }
    }

    public func deleteFlow<Flow: OutboundFlow>(_ type: Flow.Type, id: UUID, precondition: VersionPrecondition) async throws -> Bool {
        try await writer.write { db in
            let current = try Self.flow(db, Flow.self, id: id)
            try precondition.check(current: current?.version)
            guard current != nil else { return false }
            try Self.forgetFlows(db, ids: [id])
            return true
        }
    }

    // MARK: Record changes

    public func dueRecordChangeWindows(openedBefore: Date, limit: Int) async throws -> [UUID] {
        try await writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT subscription_id FROM pending_record_changes WHERE first_changed_at <= ?
                    GROUP BY subscription_id ORDER BY MIN(first_changed_at) LIMIT ?
                    """,
                arguments: [openedBefore.timeIntervalSince1970, limit]
            ).compactMap(UUID.init(uuidString:))
        }
    }

    public func earliestRecordChangeWindow() async throws -> Date? {
        try await writer.read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(first_changed_at) FROM pending_record_changes").map(Date.init(timeIntervalSince1970:))
        }
    }

    public func flushRecordChanges(
        subscriptionId: UUID, now: Date, notify: @escaping @Sendable (RecordSubscription?, [PendingRecordChange]) throws -> [OutboxMessage]
    ) async throws -> Int {
        let stored = try await writer.write { db -> Int in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT record_id, created, deleted, last_modified_at, first_changed_at FROM pending_record_changes
                    WHERE subscription_id = ? ORDER BY first_changed_at, record_id
                    """,
                arguments: [subscriptionId.storeKey]
            )
            guard !rows.isEmpty else { return 0 }
            try db.execute(sql: "DELETE FROM pending_record_changes WHERE subscription_id = ?", arguments: [subscriptionId.storeKey])
            let changes = rows.compactMap(Self.pendingChange)
            var subscription = try Self.flow(db, RecordSubscription.self, id: subscriptionId)
            if let live = subscription, !live.isLive || live.expirationDateTime <= now { subscription = nil }
            try Self.insertOutboxMessages(db, try notify(subscription, changes))
            return rows.count
        }
        return stored
    }

    public func expireRecordSubscriptions(now: Date, forgetBefore: Date) async throws -> Int {
        try await writer.write { db in
            let expired = try String.fetchAll(
                db, sql: "SELECT id FROM flows WHERE kind = ? AND deleted_at IS NULL AND expires_at <= ?",
                arguments: [FlowKind.recordSubscription.rawValue, now.timeIntervalSince1970]
            ).compactMap(UUID.init(uuidString:))
            for id in expired {
                try Self.markDeleted(db, id: id, reason: RecordSubscription.expiredReason, at: now)
            }
            let forgotten = try String.fetchAll(
                db, sql: "SELECT id FROM flows WHERE kind = ? AND deleted_at <= ?",
                arguments: [FlowKind.recordSubscription.rawValue, forgetBefore.timeIntervalSince1970]
            ).compactMap(UUID.init(uuidString:))
            try Self.forgetFlows(db, ids: forgotten)
            return expired.count
        }
    }

    public func markRecordSubscriptionDeleted(id: UUID, reason: String, at: Date) async throws -> Bool {
        try await writer.write { db in try Self.markDeleted(db, id: id, reason: reason, at: at) }
    }

    // MARK: Scheduled flows

    public func dueScheduledFlows(now: Date, limit: Int) async throws -> [UUID] {
        try await writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM flows WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at LIMIT ?",
                arguments: [now.timeIntervalSince1970, limit]
            ).compactMap(UUID.init(uuidString:))
        }
    }

    public func nextScheduledFlowDue() async throws -> Date? {
        try await writer.read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(due_at) FROM flows WHERE due_at IS NOT NULL").map(Date.init(timeIntervalSince1970:))
        }
    }

    public func fireScheduledFlow(
        id: UUID, now: Date, fire: @escaping @Sendable (ScheduledFlow) throws -> (ScheduledFiring, OutboxMessage)?
    ) async throws -> ScheduledFlowRun? {
        try await writer.write { db in
            guard let flow = try Self.flow(db, ScheduledFlow.self, id: id), let (firing, message) = try fire(flow) else { return nil }
            let run = firing.run
            let already = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM scheduled_flow_runs WHERE flow_id = ? AND scheduled_for = ?)",
                arguments: [id.storeKey, run.scheduledFor.timeIntervalSince1970]
            ) ?? false
            var next = firing.flow
            next.version = flow.version + 1
            try Self.writeFlow(db, next)
            guard !already else { return nil }
            try db.execute(
                sql: "INSERT INTO scheduled_flow_runs (flow_id, scheduled_for, company_id, fired_at, message_id, body) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    id.storeKey, run.scheduledFor.timeIntervalSince1970, run.companyId.storeKey, run.firedAt.timeIntervalSince1970,
                    run.messageId.storeKey, try Self.encode(run),
                ]
            )
            try Self.insertOutboxMessages(db, [message])
            return run
        }
    }

    public func scheduledFlowRuns(flowId: UUID, _ page: PageRequest) async throws -> Page<ScheduledFlowRunState> {
        try await writer.read { db in
            // Newest first: the position is the negated slot in milliseconds, so the cursor pages backwards in time.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT -CAST(r.scheduled_for * 1000 AS INTEGER) AS position, r.body, m.status FROM scheduled_flow_runs r
                    LEFT JOIN outbox_messages m ON m.id = r.message_id
                    WHERE r.flow_id = ? AND -CAST(r.scheduled_for * 1000 AS INTEGER) > ? ORDER BY position LIMIT ?
                    """,
                arguments: [flowId.storeKey, page.after ?? Int64.min, page.limit + 1]
            )
            let kept = rows.prefix(page.limit)
            let items = try kept.map { row in
                let status: String? = row["status"]
                return ScheduledFlowRunState(run: try Self.decode(ScheduledFlowRun.self, row["body"]), status: status.flatMap(DeliveryStatus.init))
            }
            let next = rows.count > page.limit ? kept.last.map { PageCursor.encode($0["position"]) } : nil
            return Page(items: items, nextCursor: next)
        }
    }

    public func enqueue(_ messages: [OutboxMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await writer.write { db in try Self.insertOutboxMessages(db, messages) }
    }

    // MARK: Helpers

    static func flow<Flow: OutboundFlow>(_ db: Database, _ type: Flow.Type, id: UUID) throws -> Flow? {
        try String.fetchOne(db, sql: "SELECT body FROM flows WHERE id = ? AND kind = ?", arguments: [id.storeKey, Flow.kind.rawValue])
            .map { try decode(Flow.self, $0) }
    }

    /// Rewrites a flow's row from the flow (its secret stays as sealed).
    static func writeFlow<Flow: OutboundFlow>(_ db: Database, _ flow: Flow) throws {
        try db.execute(
            sql: """
                UPDATE flows SET notification_url = ?, live = ?, expires_at = ?, due_at = ?, deleted_at = ?, version = ?, body = ?
                WHERE id = ?
                """,
            arguments: [
                flow.notificationUrl, flow.isLive, flow.expiresAt?.timeIntervalSince1970, flow.dueAt?.timeIntervalSince1970,
                (flow as? RecordSubscription)?.deletedAt?.timeIntervalSince1970, flow.version, try encode(flow), flow.id.storeKey,
            ]
        )
    }

    static func markDeleted(_ db: Database, id: UUID, reason: String, at: Date) throws -> Bool {
        guard var subscription = try flow(db, RecordSubscription.self, id: id), subscription.isLive else { return false }
        subscription.deletedAt = at
        subscription.deletionReason = reason
        subscription.version += 1
        try writeFlow(db, subscription)
        try db.execute(sql: "DELETE FROM pending_record_changes WHERE subscription_id = ?", arguments: [id.storeKey])
        return true
    }

    /// Removes flows with what they left: waiting changes and the record of fired slots.
    static func forgetFlows(_ db: Database, ids: [UUID]) throws {
        for id in ids {
            try db.execute(sql: "DELETE FROM pending_record_changes WHERE subscription_id = ?", arguments: [id.storeKey])
            try db.execute(sql: "DELETE FROM scheduled_flow_runs WHERE flow_id = ?", arguments: [id.storeKey])
            try db.execute(sql: "DELETE FROM flows WHERE id = ?", arguments: [id.storeKey])
        }
    }

    static func insertOutboxMessages(_ db: Database, _ messages: [OutboxMessage]) throws {
        for message in messages { try insertOutboxMessage(db, message) }
    }

    static func pendingChange(_ row: Row) -> PendingRecordChange? {
        guard let recordId = UUID(uuidString: row["record_id"]) else { return nil }
        return PendingRecordChange(
            recordId: recordId, created: row["created"], deleted: row["deleted"],
            lastModifiedAt: Date(timeIntervalSince1970: row["last_modified_at"]), firstChangedAt: Date(timeIntervalSince1970: row["first_changed_at"])
        )
    }

    /// Puts a record's change in the window of every live subscription to its entity set, in the transaction that
    /// writes it, coalesced with the changes already waiting there.
    static func noteRecordChange(
        _ db: Database, companyId: UUID, entitySet: EntitySet, recordId: UUID, _ change: RecordChangeType, at now: Date
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO pending_record_changes (subscription_id, record_id, created, deleted, last_modified_at, first_changed_at)
                SELECT id, ?, ?, ?, ?, ? FROM flows
                WHERE company_id = ? AND entity_set = ? AND kind = 'recordSubscription' AND live = 1 AND expires_at > ?
                ON CONFLICT (subscription_id, record_id) DO UPDATE SET
                    created = MAX(created, excluded.created), deleted = MAX(deleted, excluded.deleted),
                    last_modified_at = excluded.last_modified_at
                """
        ).execute(arguments: [
            recordId.storeKey, change == .created, change == .deleted, now.timeIntervalSince1970, now.timeIntervalSince1970,
            companyId.storeKey, entitySet.rawValue, now.timeIntervalSince1970,
        ])
    }
}

extension RecordSubscription {
    public static let expiredReason = "expired"
}
