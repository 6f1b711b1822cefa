import FlowGateCore
import FlowGateDelivery
import Foundation
import PostgresNIO

extension PostgresStore {
    public func apply(_ outcome: WorkflowOutcome, outboxMessages messages: [OutboxMessage]) async throws -> AppliedOutcome {
        let numbers = try await reserveEntryNumbers(for: outcome)
        return try await transaction { connection in try await self.apply(outcome, messages: messages, numbers: numbers, on: connection) }
    }

    /// The numbers the outcome's new entries get: blocks taken before its transaction, each in a statement of its
    /// own, so that writers of one company never wait on each other for numbers. Numbers stay unique and ordered
    /// per company; a transaction that fails (a concurrent change, say) leaves a gap.
    private func reserveEntryNumbers(for outcome: WorkflowOutcome) async throws -> (approval: EntryRenumbering, webhook: EntryRenumbering) {
        let companyId = outcome.record.companyId
        let newApproval = outcome.approvalEntries.map(\.entryNo).filter { $0 >= outcome.firstNewApprovalEntryNo }
        return (
            try await renumbering("approval_entries", companyId: companyId, firstNew: outcome.firstNewApprovalEntryNo, new: newApproval),
            try await renumbering(
                "workflow_webhook_entries", companyId: companyId, firstNew: outcome.firstNewWebhookEntryNo, new: outcome.newWebhookEntries.map(\.entryNo)
            )
        )
    }

    /// Moves the snapshot's numbers `new` (from `firstNew` on) onto a block reserved for them.
    private func renumbering(_ table: String, companyId: UUID, firstNew: Int, new: [Int]) async throws -> EntryRenumbering {
        let count = (new.max() ?? 0) - firstNew + 1
        return EntryRenumbering(firstNew: firstNew, nextFree: try await reserveEntryNumbers(table, companyId: companyId, count: count))
    }

    /// Takes `count` consecutive entry numbers of `table` for the company and returns the first; nil for none.
    /// The company's first reservation starts after the highest number already stored.
    private func reserveEntryNumbers(_ table: String, companyId: UUID, count: Int) async throws -> Int? {
        guard count > 0 else { return nil }
        let last = try await column(
            Int.self,
            """
            INSERT INTO entry_counters (company_id, kind, last_no)
            VALUES (\(companyId.storeKey), \(table),
                (SELECT COALESCE(MAX(entry_no), 0) FROM \(unescaped: table) WHERE company_id = \(companyId.storeKey)) + \(count))
            ON CONFLICT (company_id, kind) DO UPDATE SET last_no = entry_counters.last_no + \(count)
            RETURNING last_no::bigint
            """
        ).first ?? 0
        return last - count + 1
    }

    /// Stores an outcome and the messages it sends in the caller's transaction (the transactional outbox), if the
    /// record's version is still the snapshot's. New entries get the `numbers` reserved for them.
    func apply(
        _ outcome: WorkflowOutcome, messages: [OutboxMessage], numbers: (approval: EntryRenumbering, webhook: EntryRenumbering),
        on connection: PostgresConnection
    ) async throws -> AppliedOutcome {
        let record = try await storeRecordVersion(outcome.record, on: connection)
        let companyId = record.companyId
        if outcome.recordChanged {
            try await noteRecordChange(
                companyId: companyId, entitySet: record.entitySet, recordId: record.id, .updated, at: outcome.decidedAt, on: connection
            )
        }
        let approvalNumbers = numbers.approval
        var approvalEntries: [ApprovalEntry] = []
        for var entry in outcome.approvalEntries {
            entry.entryNo = approvalNumbers(entry.entryNo)
            let body = try Self.encode(entry)
            try await run(
                """
                INSERT INTO approval_entries (company_id, entry_no, record_id, entity_set, status, approver_id, sender_id, body)
                VALUES (\(entry.companyId.storeKey), \(entry.entryNo), \(entry.recordId.storeKey), \(entry.entitySet.rawValue),
                \(entry.status.rawValue), \(entry.approverId), \(entry.senderId), \(body))
                ON CONFLICT (company_id, entry_no) DO UPDATE SET status = excluded.status, approver_id = excluded.approver_id, body = excluded.body
                """,
                on: connection
            )
            approvalEntries.append(entry)
        }

        for run in try StoredRun.runs(of: outcome.stepInstances) {
            let first = run.steps[0]
            try await self.run(
                """
                INSERT INTO workflow_runs (instance_id, company_id, record_id, workflow_code, active, steps)
                VALUES (\(first.instanceId.storeKey), \(first.companyId.storeKey), \(first.recordId.storeKey), \(first.workflowCode),
                \(run.active), \(run.body))
                ON CONFLICT (instance_id) DO UPDATE SET active = excluded.active, steps = excluded.steps
                """,
                on: connection
            )
        }

        var notifications: [NotificationEntry] = []
        for var notification in outcome.notifications {
            notification.approvalEntryNo = notification.approvalEntryNo.map { approvalNumbers($0) }
            let body = try Self.encode(notification)
            try await run(
                """
                INSERT INTO notification_entries (id, company_id, recipient, record_id, body)
                VALUES (\(notification.id.storeKey), \(notification.companyId.storeKey), \(notification.recipientUserId),
                \(notification.recordId.storeKey), \(body))
                """,
                on: connection
            )
            notifications.append(notification)
        }

        if outcome.recordChangesChanged {
            if outcome.recordChanges.isEmpty {
                try await run("DELETE FROM workflow_record_changes WHERE record_id = \(record.id.storeKey)", on: connection)
            } else {
                let body = try Self.encode(outcome.recordChanges)
                try await run(
                    """
                    INSERT INTO workflow_record_changes (record_id, company_id, body) VALUES (\(record.id.storeKey), \(companyId.storeKey), \(body))
                    ON CONFLICT (record_id) DO UPDATE SET body = excluded.body
                    """,
                    on: connection
                )
            }
        }

        let webhookEntries = try await storeWebhookEntries(
            outcome, companyId: companyId, numbers: numbers.webhook, messages: messages, on: connection
        )
        for var message in messages {
            // The endpoint is the one enabled at commit, so a subscription replaced or deleted meanwhile is not used.
            if let sourceId = message.sourceId, let entry = webhookEntries.first(where: { $0.id == sourceId }) {
                message.subscriptionId = try await column(
                    String.self,
                    """
                    SELECT id FROM workflow_webhook_subscriptions WHERE company_id = \(companyId.storeKey)
                    AND workflow_code = \(entry.workflowCode) AND enabled LIMIT 1
                    """,
                    on: connection
                ).first.flatMap(UUID.init(uuidString:))
            }
            try await insertOutboxMessage(message, on: connection)
        }
        return AppliedOutcome(
            record: record, approvalEntries: approvalEntries, notifications: notifications, stepInstances: outcome.stepInstances,
            webhookEntries: webhookEntries
        )
    }

    /// Writes the record with its version grown by one, if the stored version is still the snapshot's. A concurrent
    /// writer's update is waited for, then the version no longer matches: `concurrent-change`.
    private func storeRecordVersion(_ outcomeRecord: BusinessRecord, on connection: PostgresConnection) async throws -> BusinessRecord {
        var record = outcomeRecord
        let expected = record.version
        record.version += 1
        let body = try Self.encode(record)
        let updated = try await Self.mapConstraint(SQLiteStore.duplicateMessage(record)) {
            try await column(
                String.self,
                """
                UPDATE records SET number = \(record.number), status = \(record.status.rawValue), version = \(record.version), body = \(body)
                WHERE id = \(record.id.storeKey) AND version = \(expected) RETURNING id
                """,
                on: connection
            )
        }
        guard !updated.isEmpty else {
            throw FlowGateError.conflict(
                "concurrent-change", "\(record.caption) was changed by another request meanwhile; read it again and retry."
            )
        }
        return record
    }

    /// Upserts the outcome's Flow entries, new ones with their reserved numbers; returns them as stored, with the
    /// delivery state of their latest message.
    private func storeWebhookEntries(
        _ outcome: WorkflowOutcome, companyId: UUID, numbers: EntryRenumbering, messages: [OutboxMessage], on connection: PostgresConnection
    ) async throws -> [WorkflowWebhookEntry] {
        guard !outcome.webhookEntries.isEmpty else { return [] }
        let sentNow = Set(messages.compactMap(\.sourceId))
        var stored: [WorkflowWebhookEntry] = []
        for var entry in outcome.webhookEntries {
            if entry.entryNo >= outcome.firstNewWebhookEntryNo {
                // A request's workflow deleted while it was decided would leave the record waiting for an answer
                // that cannot come; the use case runs again on fresh state instead.
                if try await column(
                    Int.self, "SELECT 1::bigint FROM workflows WHERE company_id = \(companyId.storeKey) AND code = \(entry.workflowCode)",
                    on: connection
                ).isEmpty {
                    throw FlowGateError.conflict(
                        "concurrent-change", "Workflow \(entry.workflowCode) was removed while the request was being sent; send it again."
                    )
                }
            } else if entry.response != .pending && entry.response != .notExpected {
                // Once answered, a request still waiting to be delivered is no longer wanted.
                let reason = "Not sent: the request was answered (\(entry.response.rawValue)) before it could be delivered."
                try await run(
                    """
                    UPDATE outbox_messages SET status = 'failed', lease_until = NULL, lease_owner = NULL, last_error = \(reason)
                    WHERE source_id = \(entry.id.storeKey) AND status = 'pending'
                    """,
                    on: connection
                )
            }
            entry.entryNo = numbers(entry.entryNo)
            entry = entry.withoutNotificationState
            let body = try Self.encode(entry)
            try await run(
                """
                INSERT INTO workflow_webhook_entries (id, company_id, entry_no, instance_id, record_id, response, body)
                VALUES (\(entry.id.storeKey), \(entry.companyId.storeKey), \(entry.entryNo), \(entry.workflowStepInstanceId.storeKey),
                \(entry.recordId.storeKey), \(entry.response.rawValue), \(body))
                ON CONFLICT (id) DO UPDATE SET response = excluded.response, body = excluded.body
                """,
                on: connection
            )
            if sentNow.contains(entry.id) {
                entry.notificationStatus = .pending  // its message, inserted next, is the latest
            } else {
                try await attachDeliveryState(to: &entry, on: connection)
            }
            stored.append(entry)
        }
        return stored
    }

    func insertOutboxMessage(_ message: OutboxMessage, on connection: PostgresConnection) async throws {
        let due = (message.nextAttemptAt ?? message.createdAt).timeIntervalSince1970
        try await run(
            """
            INSERT INTO outbox_messages (id, company_id, subscription_id, source_id, event_type, payload, status, attempt_count,
                next_attempt_at, created_at)
            VALUES (\(message.id.storeKey), \(message.companyId?.storeKey), \(message.subscriptionId?.storeKey), \(message.sourceId?.storeKey),
            \(message.eventType), \(Data(message.payload)), 'pending', 0, \(due), \(message.createdAt.timeIntervalSince1970))
            """,
            on: connection
        )
        // Dispatchers of every instance listening on the channel wake at once; polling catches any missed.
        try await run("SELECT pg_notify('flowgate_outbox', '')", on: connection)
    }

    /// Reads the delivery state of the entry's latest message into it.
    func attachDeliveryState(to entry: inout WorkflowWebhookEntry, on connection: PostgresConnection? = nil) async throws {
        let rows = try await run(
            "SELECT status, last_error FROM outbox_messages WHERE source_id = \(entry.id.storeKey) ORDER BY seq DESC LIMIT 1", on: connection
        )
        var state: (String, String?)?
        for row in try rows.decode((String, String?).self) { state = row }
        entry.attachDeliveryState(status: state.flatMap { DeliveryStatus(rawValue: $0.0) }, lastError: state?.1)
    }
}
