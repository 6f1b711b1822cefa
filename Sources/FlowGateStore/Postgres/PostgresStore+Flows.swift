import FlowGateCore
import FlowGateDelivery
import Foundation
import PostgresNIO

/// Automated, instant and scheduled flows on PostgreSQL. Several instances share them: a flow being changed or
/// fired is locked (`FOR UPDATE`), and a window's changes are taken by one `DELETE … RETURNING`, so each change
/// is notified once and each slot fired once.
extension PostgresStore: FlowStore {
    public func createFlow<Flow: OutboundFlow>(_ flow: Flow, maximumPerCompany: Int?) async throws -> Flow {
        let sealed = try flow.sealingSecret(with: secrets)
        let body = try Self.encode(sealed)
        try await transaction { connection in
            if let maximumPerCompany {
                // Creations of one kind in one company are serialized, so two instances cannot both take the last place.
                try await self.run("SELECT pg_advisory_xact_lock(hashtextextended(\("flows " + Flow.kind.rawValue + " " + flow.companyId.storeKey), 0))", on: connection)
                let live = try await self.column(
                    Int64.self,
                    """
                    SELECT COUNT(*) FROM flows WHERE kind = \(Flow.kind.rawValue) AND company_id = \(flow.companyId.storeKey) AND deleted_at IS NULL
                    AND (expires_at IS NULL OR expires_at > \(flow.createdAt.timeIntervalSince1970))
                    """,
                    on: connection
                ).first ?? 0
                if live >= maximumPerCompany { throw FlowGateError.tooManyFlows(Flow.kind, maximum: maximumPerCompany) }
            }
            try await Self.mapConstraint("Flow \(flow.id.storeKey) already exists.") {
                try await self.run(
                    """
                    INSERT INTO flows (id, kind, company_id, entity_set, notification_url, secret, live, expires_at, due_at, version, body)
                    VALUES (\(sealed.id.storeKey), \(Flow.kind.rawValue), \(sealed.companyId.storeKey), \(sealed.watchedEntitySet?.rawValue),
                    \(sealed.notificationUrl), \(sealed.secret), \(sealed.isLive), \(sealed.expiresAt?.timeIntervalSince1970),
                    \(sealed.dueAt?.timeIntervalSince1970), \(sealed.version), \(body))
                    """,
                    on: connection
                )
            }
        }
        return flow
    }

    public func flows<Flow: OutboundFlow>(_ type: Flow.Type, _ query: FlowQuery, _ page: PageRequest) async throws -> Page<Flow> {
        let companies = query.companyIds.map { $0.map(\.storeKey).sorted() }
        let sql: PostgresQuery = """
            SELECT seq, body FROM flows WHERE kind = \(Flow.kind.rawValue)
            AND (\(query.companyId?.storeKey)::text IS NULL OR company_id = \(query.companyId?.storeKey))
            AND (\(companies)::text[] IS NULL OR company_id = ANY(\(companies)::text[]))
            AND (\(query.includeDeleted) OR deleted_at IS NULL)
            AND seq > \(page.afterSeq) ORDER BY seq LIMIT \(page.fetchLimit)
            """
        return try await self.page(Flow.self, sql, page)
    }

    public func flow<Flow: OutboundFlow>(_ type: Flow.Type, id: UUID) async throws -> Flow? {
        try await fetchFlow(Flow.self, id: id)
    }

    public func updateFlow<Flow: OutboundFlow>(
        _ type: Flow.Type, id: UUID, precondition: VersionPrecondition, _ change: @escaping @Sendable (inout Flow) throws -> Void
    ) async throws -> Flow? {
        try await transaction { connection in
            let current = try await self.fetchFlow(Flow.self, id: id, on: connection)
            try precondition.check(current: current?.version)
            guard let current else { return nil }
            var flow = current
            try change(&flow)
            // The secret stays as sealed: a change cannot put one in clear.
            flow.secret = current.secret
            flow.version = current.version + 1
            try await self.writeFlow(flow, on: connection)
            return flow
        }
    }

    public func deleteFlow<Flow: OutboundFlow>(_ type: Flow.Type, id: UUID, precondition: VersionPrecondition) async throws -> Bool {
        try await transaction { connection in
            let current = try await self.fetchFlow(Flow.self, id: id, on: connection)
            try precondition.check(current: current?.version)
            guard current != nil else { return false }
            try await self.forgetFlows([id], on: connection)
            return true
        }
    }

    // MARK: Record changes

    public func dueRecordChangeWindows(openedBefore: Date, limit: Int) async throws -> [UUID] {
        try await column(
            String.self,
            """
            SELECT subscription_id FROM pending_record_changes WHERE first_changed_at <= \(openedBefore.timeIntervalSince1970)
            GROUP BY subscription_id ORDER BY MIN(first_changed_at) LIMIT \(limit)
            """
        ).compactMap(UUID.init(uuidString:))
    }

    public func earliestRecordChangeWindow() async throws -> Date? {
        try await column(Double?.self, "SELECT MIN(first_changed_at) FROM pending_record_changes").first?.map(Date.init(timeIntervalSince1970:))
    }

    public func flushRecordChanges(
        subscriptionId: UUID, now: Date, notify: @escaping @Sendable (RecordSubscription?, [PendingRecordChange]) throws -> [OutboxMessage]
    ) async throws -> Int {
        try await transaction { connection in
            // The rows deleted are the ones taken: a change committed meanwhile stays for the next window, and an
            // instance flushing at the same time finds these gone. Rows a record write holds are skipped, not waited
            // for (they are taken at the next pass), so a flush never joins a lock cycle with writers.
            let rows = try await self.run(
                """
                DELETE FROM pending_record_changes WHERE (subscription_id, record_id) IN (
                    SELECT subscription_id, record_id FROM pending_record_changes WHERE subscription_id = \(subscriptionId.storeKey)
                    FOR UPDATE SKIP LOCKED
                )
                RETURNING record_id, created, deleted, last_modified_at, first_changed_at
                """,
                on: connection
            )
            guard !rows.isEmpty else { return 0 }
            let changes = try rows.decode((String, Bool, Bool, Double, Double).self).compactMap { row -> PendingRecordChange? in
                guard let recordId = UUID(uuidString: row.0) else { return nil }
                return PendingRecordChange(
                    recordId: recordId, created: row.1, deleted: row.2, lastModifiedAt: Date(timeIntervalSince1970: row.3),
                    firstChangedAt: Date(timeIntervalSince1970: row.4)
                )
            }.sorted { ($0.firstChangedAt, $0.recordId.storeKey) < ($1.firstChangedAt, $1.recordId.storeKey) }
            var subscription = try await self.fetchFlow(RecordSubscription.self, id: subscriptionId, on: connection, forUpdate: false)
            if let live = subscription, !live.isLive || live.expirationDateTime <= now { subscription = nil }
            for message in try notify(subscription, changes) { try await self.insertOutboxMessage(message, on: connection) }
            return rows.count
        }
    }

    public func expireRecordSubscriptions(now: Date, forgetBefore: Date) async throws -> Int {
        try await transaction { connection in
            let expired = try await self.column(
                String.self,
                """
                SELECT id FROM flows WHERE kind = \(FlowKind.recordSubscription.rawValue) AND deleted_at IS NULL
                AND expires_at <= \(now.timeIntervalSince1970) FOR UPDATE SKIP LOCKED
                """,
                on: connection
            ).compactMap(UUID.init(uuidString:))
            for id in expired { _ = try await self.markDeleted(id: id, reason: RecordSubscription.expiredReason, at: now, on: connection) }
            let forgotten = try await self.column(
                String.self,
                """
                SELECT id FROM flows WHERE kind = \(FlowKind.recordSubscription.rawValue) AND deleted_at <= \(forgetBefore.timeIntervalSince1970)
                """,
                on: connection
            ).compactMap(UUID.init(uuidString:))
            try await self.forgetFlows(forgotten, on: connection)
            return expired.count
        }
    }

    public func markRecordSubscriptionDeleted(id: UUID, reason: String, at: Date) async throws -> Bool {
        try await transaction { connection in try await self.markDeleted(id: id, reason: reason, at: at, on: connection) }
    }

    // MARK: Scheduled flows

    public func dueScheduledFlows(now: Date, limit: Int) async throws -> [UUID] {
        try await column(
            String.self, "SELECT id FROM flows WHERE due_at IS NOT NULL AND due_at <= \(now.timeIntervalSince1970) ORDER BY due_at LIMIT \(limit)"
        ).compactMap(UUID.init(uuidString:))
    }

    public func nextScheduledFlowDue() async throws -> Date? {
        try await column(Double?.self, "SELECT MIN(due_at) FROM flows WHERE due_at IS NOT NULL").first?.map(Date.init(timeIntervalSince1970:))
    }

    public func fireScheduledFlow(
        id: UUID, now: Date, fire: @escaping @Sendable (ScheduledFlow) throws -> (ScheduledFiring, OutboxMessage)?
    ) async throws -> ScheduledFlowRun? {
        try await transaction { connection in
            // Locked, so an instance firing the same flow waits and then finds its next slot in the future.
            guard let flow = try await self.fetchFlow(ScheduledFlow.self, id: id, on: connection), let (firing, message) = try fire(flow) else {
                return nil
            }
            var next = firing.flow
            next.version = flow.version + 1
            try await self.writeFlow(next, on: connection)
            let run = firing.run
            let inserted = try await self.run(
                """
                INSERT INTO scheduled_flow_runs (flow_id, scheduled_for, company_id, fired_at, message_id, body)
                VALUES (\(id.storeKey), \(run.scheduledFor.timeIntervalSince1970), \(run.companyId.storeKey), \(run.firedAt.timeIntervalSince1970),
                \(run.messageId.storeKey), \(try Self.encode(run)))
                ON CONFLICT (flow_id, scheduled_for) DO NOTHING RETURNING flow_id
                """,
                on: connection
            )
            guard !inserted.isEmpty else { return nil }
            try await self.insertOutboxMessage(message, on: connection)
            return run
        }
    }

    public func scheduledFlowRuns(flowId: UUID, _ page: PageRequest) async throws -> Page<ScheduledFlowRunState> {
        // Newest first: the position is the negated slot in milliseconds, so the cursor pages backwards in time.
        let rows = try await run(
            """
            SELECT -CAST(r.scheduled_for * 1000 AS BIGINT) AS position, r.body, m.status FROM scheduled_flow_runs r
            LEFT JOIN outbox_messages m ON m.id = r.message_id
            WHERE r.flow_id = \(flowId.storeKey) AND -CAST(r.scheduled_for * 1000 AS BIGINT) > \(page.after ?? Int64.min)
            ORDER BY position LIMIT \(page.fetchLimit)
            """
        ).decode((Int64, String, String?).self)
        let kept = rows.prefix(page.limit)
        let next = rows.count > page.limit ? kept.last.map { PageCursor.encode($0.0) } : nil
        let items = try kept.map { row in
            ScheduledFlowRunState(run: try Self.decode(ScheduledFlowRun.self, row.1), status: row.2.flatMap(DeliveryStatus.init))
        }
        return Page(items: items, nextCursor: next)
    }

    public func enqueue(_ messages: [OutboxMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await transaction { connection in
            for message in messages { try await self.insertOutboxMessage(message, on: connection) }
        }
    }

    // MARK: Helpers

    func fetchFlow<Flow: OutboundFlow>(
        _ type: Flow.Type, id: UUID, on connection: PostgresConnection? = nil, forUpdate: Bool = true
    ) async throws -> Flow? {
        let lock = connection != nil && forUpdate ? " FOR UPDATE" : ""
        return try await bodies(
            Flow.self, "SELECT body FROM flows WHERE id = \(id.storeKey) AND kind = \(Flow.kind.rawValue)\(unescaped: lock)", on: connection
        ).first
    }

    func writeFlow<Flow: OutboundFlow>(_ flow: Flow, on connection: PostgresConnection) async throws {
        try await run(
            """
            UPDATE flows SET notification_url = \(flow.notificationUrl), live = \(flow.isLive), expires_at = \(flow.expiresAt?.timeIntervalSince1970),
                due_at = \(flow.dueAt?.timeIntervalSince1970), deleted_at = \((flow as? RecordSubscription)?.deletedAt?.timeIntervalSince1970),
                version = \(flow.version), body = \(try Self.encode(flow))
            WHERE id = \(flow.id.storeKey)
            """,
            on: connection
        )
    }

    func markDeleted(id: UUID, reason: String, at: Date, on connection: PostgresConnection) async throws -> Bool {
        guard var subscription = try await fetchFlow(RecordSubscription.self, id: id, on: connection), subscription.isLive else { return false }
        subscription.deletedAt = at
        subscription.deletionReason = reason
        subscription.version += 1
        try await writeFlow(subscription, on: connection)
        try await run("DELETE FROM pending_record_changes WHERE subscription_id = \(id.storeKey)", on: connection)
        return true
    }

    /// Removes flows with what they left: waiting changes and the record of fired slots.
    func forgetFlows(_ ids: [UUID], on connection: PostgresConnection) async throws {
        guard !ids.isEmpty else { return }
        let keys = ids.map(\.storeKey)
        try await run("DELETE FROM pending_record_changes WHERE subscription_id = ANY(\(keys))", on: connection)
        try await run("DELETE FROM scheduled_flow_runs WHERE flow_id = ANY(\(keys))", on: connection)
        try await run("DELETE FROM flows WHERE id = ANY(\(keys))", on: connection)
    }

    /// Puts a record's change in the window of every live subscription to its entity set, in the transaction that
    /// writes it, coalesced with the changes already waiting there.
    func noteRecordChange(
        companyId: UUID, entitySet: EntitySet, recordId: UUID, _ change: RecordChangeType, at now: Date, on connection: PostgresConnection
    ) async throws {
        let at = now.timeIntervalSince1970
        try await run(
            """
            INSERT INTO pending_record_changes (subscription_id, record_id, created, deleted, last_modified_at, first_changed_at)
            SELECT id, \(recordId.storeKey), \(change == .created), \(change == .deleted), \(at), \(at) FROM flows
            WHERE company_id = \(companyId.storeKey) AND entity_set = \(entitySet.rawValue) AND kind = 'recordSubscription' AND live
                AND expires_at > \(at)
            ON CONFLICT (subscription_id, record_id) DO UPDATE SET
                created = pending_record_changes.created OR excluded.created, deleted = pending_record_changes.deleted OR excluded.deleted,
                last_modified_at = excluded.last_modified_at
            """,
            on: connection
        )
    }
}
