import FlowGateCore
import FlowGateDelivery
import Foundation
import GRDB

extension SQLiteStore {
    public func apply(_ outcome: WorkflowOutcome, outboxMessages: [OutboxMessage]) async throws -> AppliedOutcome {
        // Encoded here, on the caller's thread, so the one writer spends its time on SQLite alone.
        let encoded = try EncodedOutcome(outcome)
        return try await outcomeCommits.run { db in try Self.apply(db, outcome, messages: outboxMessages, encoded: encoded) }
    }

    /// Stores an outcome and the messages it sends inside the caller's transaction (or savepoint), so that a
    /// failure (such as `concurrent-change`) leaves neither: the transactional outbox. Every statement here runs
    /// once per approval request, so each is prepared once per connection and taken from GRDB's statement cache.
    static func apply(
        _ db: Database, _ outcome: WorkflowOutcome, messages: [OutboxMessage], encoded: EncodedOutcome? = nil
    ) throws -> AppliedOutcome {
        let encoded = try encoded ?? EncodedOutcome(outcome)
        let record = try storeRecordVersion(db, outcome.record, body: encoded.record)
        let companyId = record.companyId
        if outcome.recordChanged {
            try noteRecordChange(db, companyId: companyId, entitySet: record.entitySet, recordId: record.id, .updated, at: outcome.decidedAt)
        }

        let approvalNumbers = try EntryRenumbering(
            firstNew: outcome.firstNewApprovalEntryNo,
            nextFree: outcome.approvalEntries.contains { $0.entryNo >= outcome.firstNewApprovalEntryNo }
                ? nextApprovalEntryNo(db, companyId: companyId) : nil
        )
        var approvalEntries: [ApprovalEntry] = []
        for (index, var entry) in outcome.approvalEntries.enumerated() {
            entry.entryNo = approvalNumbers(entry.entryNo)
            try db.cachedStatement(
                sql: """
                    INSERT INTO approval_entries (company_id, entry_no, record_id, entity_set, status, approver_id, sender_id, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (company_id, entry_no) DO UPDATE SET status = excluded.status, approver_id = excluded.approver_id, body = excluded.body
                    """
            ).execute(arguments: [
                entry.companyId.storeKey, entry.entryNo, entry.recordId.storeKey, entry.entitySet.rawValue, entry.status.rawValue,
                entry.approverId, entry.senderId, approvalNumbers.moves ? try encode(entry) : encoded.approvalEntries[index],
            ])
            approvalEntries.append(entry)
        }

        for run in encoded.runs { try run.upsert(db) }

        var notifications: [NotificationEntry] = []
        for (index, var notification) in outcome.notifications.enumerated() {
            notification.approvalEntryNo = notification.approvalEntryNo.map { approvalNumbers($0) }
            try db.cachedStatement(
                sql: "INSERT INTO notification_entries (id, company_id, recipient, record_id, body) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [
                notification.id.storeKey, notification.companyId.storeKey, notification.recipientUserId,
                notification.recordId.storeKey, approvalNumbers.moves ? try encode(notification) : encoded.notifications[index],
            ])
            notifications.append(notification)
        }

        if outcome.recordChangesChanged { try storeRecordChanges(db, record, encoded.recordChanges) }
        let webhookEntries = try storeWebhookEntries(db, outcome, encoded, companyId: companyId, messages: messages)
        for var message in messages {
            // The endpoint is the one enabled at commit, so a subscription replaced or deleted meanwhile is not used.
            if let sourceId = message.sourceId, let entry = webhookEntries.first(where: { $0.id == sourceId }) {
                message.subscriptionId = try enabledSubscriptionId(db, companyId: companyId, workflowCode: entry.workflowCode)
            }
            try insertOutboxMessage(db, message)
        }

        return AppliedOutcome(
            record: record, approvalEntries: approvalEntries, notifications: notifications, stepInstances: outcome.stepInstances,
            webhookEntries: webhookEntries
        )
    }

    /// Writes the record with its version grown by one, if the stored version is still the snapshot's.
    private static func storeRecordVersion(_ db: Database, _ outcomeRecord: BusinessRecord, body: String) throws -> BusinessRecord {
        var record = outcomeRecord
        let expected = record.version
        record.version += 1
        try mapConstraint(duplicateMessage(record)) {
            try db.cachedStatement(sql: "UPDATE records SET number = ?, status = ?, version = ?, body = ? WHERE id = ? AND version = ?")
                .execute(arguments: [record.number, record.status.rawValue, record.version, body, record.id.storeKey, expected])
        }
        guard db.changesCount == 1 else {
            throw FlowGateError.conflict(
                "concurrent-change", "\(record.caption) was changed by another request meanwhile; read it again and retry."
            )
        }
        return record
    }

    /// `changes` is the encoded list of held-back changes, nil when none is left.
    private static func storeRecordChanges(_ db: Database, _ record: BusinessRecord, _ changes: String?) throws {
        if let changes {
            try db.cachedStatement(
                sql: "INSERT INTO workflow_record_changes (record_id, company_id, body) VALUES (?, ?, ?) ON CONFLICT (record_id) DO UPDATE SET body = excluded.body"
            ).execute(arguments: [record.id.storeKey, record.companyId.storeKey, changes])
        } else {
            try db.cachedStatement(sql: "DELETE FROM workflow_record_changes WHERE record_id = ?").execute(arguments: [record.id.storeKey])
        }
    }

    /// Upserts the outcome's Flow entries, new ones renumbered past the company's last; returns them as stored,
    /// with the delivery state of their latest message.
    private static func storeWebhookEntries(
        _ db: Database, _ outcome: WorkflowOutcome, _ encoded: EncodedOutcome, companyId: UUID, messages: [OutboxMessage]
    ) throws -> [WorkflowWebhookEntry] {
        guard !outcome.webhookEntries.isEmpty else { return [] }
        let numbers = try EntryRenumbering(
            firstNew: outcome.firstNewWebhookEntryNo,
            nextFree: outcome.newWebhookEntries.isEmpty ? nil : nextWebhookEntryNo(db, companyId: companyId)
        )
        let sentNow = Set(messages.compactMap(\.sourceId))
        var stored: [WorkflowWebhookEntry] = []
        for (index, var entry) in outcome.webhookEntries.enumerated() {
            if entry.entryNo >= outcome.firstNewWebhookEntryNo {
                try checkWorkflowExists(db, companyId: companyId, code: entry.workflowCode)
            } else if entry.response != .pending && entry.response != .notExpected {
                try withdrawPendingMessages(db, about: entry)
            }
            entry.entryNo = numbers(entry.entryNo)
            entry = entry.withoutNotificationState
            try db.cachedStatement(
                sql: """
                    INSERT INTO workflow_webhook_entries (id, company_id, entry_no, instance_id, record_id, response, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET response = excluded.response, body = excluded.body
                    """
            ).execute(arguments: [
                entry.id.storeKey, entry.companyId.storeKey, entry.entryNo, entry.workflowStepInstanceId.storeKey,
                entry.recordId.storeKey, entry.response.rawValue, numbers.moves ? try encode(entry) : encoded.webhookEntries[index],
            ])
            if sentNow.contains(entry.id) {
                entry.notificationStatus = .pending  // its message, inserted below, is the latest
            } else {
                try attachNotificationState(db, to: &entry)
            }
            stored.append(entry)
        }
        return stored
    }

    /// A request's workflow deleted while the request was being decided (its subscription removed) would leave
    /// the record waiting for an answer that cannot come; the use case runs again on fresh state instead.
    private static func checkWorkflowExists(_ db: Database, companyId: UUID, code: String) throws {
        let exists = try Bool.fetchOne(
            try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM workflows WHERE company_id = ? AND code = ?)"),
            arguments: [companyId.storeKey, code]
        ) ?? false
        guard exists else {
            throw FlowGateError.conflict("concurrent-change", "Workflow \(code) was removed while the request was being sent; send it again.")
        }
    }

    /// Once a Flow entry is answered, its request still waiting to be delivered is no longer wanted: delivering it
    /// later would start an approval whose callbacks can only answer 409.
    private static func withdrawPendingMessages(_ db: Database, about entry: WorkflowWebhookEntry) throws {
        try db.cachedStatement(
            sql: "UPDATE outbox_messages SET status = 'failed', lease_until = NULL, lease_owner = NULL, last_error = ? WHERE source_id = ? AND status = 'pending'"
        ).execute(arguments: [
            "Not sent: the request was answered (\(entry.response.rawValue)) before it could be delivered.", entry.id.storeKey,
        ])
    }

    private static func enabledSubscriptionId(_ db: Database, companyId: UUID, workflowCode: String) throws -> UUID? {
        try String.fetchOne(
            try db.cachedStatement(
                sql: "SELECT id FROM workflow_webhook_subscriptions WHERE company_id = ? AND workflow_code = ? AND enabled = 1 LIMIT 1"
            ),
            arguments: [companyId.storeKey, workflowCode]
        ).flatMap(UUID.init(uuidString:))
    }

    static func insertOutboxMessage(_ db: Database, _ message: OutboxMessage) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO outbox_messages (id, company_id, subscription_id, source_id, event_type, payload, status, attempt_count,
                    next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
                """
        ).execute(arguments: [
            message.id.storeKey, message.companyId?.storeKey, message.subscriptionId?.storeKey, message.sourceId?.storeKey,
            message.eventType, Data(message.payload), (message.nextAttemptAt ?? message.createdAt).timeIntervalSince1970,
            message.createdAt.timeIntervalSince1970,
        ])
    }

    static func nextApprovalEntryNo(_ db: Database, companyId: UUID) throws -> Int {
        try nextEntryNo(db, sql: "SELECT MAX(entry_no) FROM approval_entries WHERE company_id = ?", companyId: companyId)
    }

    static func nextWebhookEntryNo(_ db: Database, companyId: UUID) throws -> Int {
        try nextEntryNo(db, sql: "SELECT MAX(entry_no) FROM workflow_webhook_entries WHERE company_id = ?", companyId: companyId)
    }

    /// One more than the company's last entry number; the (company_id, entry_no) unique index answers it.
    private static func nextEntryNo(_ db: Database, sql: String, companyId: UUID) throws -> Int {
        (try Int.fetchOne(try db.cachedStatement(sql: sql), arguments: [companyId.storeKey]) ?? 0) + 1
    }
}

/// Maps an outcome's provisional entry numbers to final ones. Entry numbers run per company, and another
/// record's outcome may have taken the numbers this one's snapshot saw as next: new entries then move past
/// the company's current last entry, keeping their order; existing entries keep their numbers.
struct EntryRenumbering {
    let firstNew: Int
    let shift: Int

    /// `nextFree` is nil when the outcome creates no entry, so nothing moves.
    init(firstNew: Int, nextFree: Int?) {
        self.firstNew = firstNew
        self.shift = max((nextFree ?? firstNew) - firstNew, 0)
    }

    /// Whether any number changes, so that bodies encoded before the transaction no longer hold.
    var moves: Bool { shift != 0 }

    func callAsFunction(_ entryNo: Int) -> Int {
        entryNo >= firstNew ? entryNo + shift : entryNo
    }
}

/// An outcome's JSON bodies, encoded before its write transaction so that the single writer spends its time on
/// SQLite alone. Entry bodies hold the numbers the snapshot expected; when others took them, `apply` re-encodes.
struct EncodedOutcome: Sendable {
    /// The record at its next version, as `apply` stores it.
    var record: String
    var runs: [StoredRun]
    var approvalEntries: [String]
    var notifications: [String]
    var webhookEntries: [String]
    /// The held-back changes when the outcome replaces them; nil when none is left (or they stay as they were).
    var recordChanges: String?

    init(_ outcome: WorkflowOutcome) throws {
        var record = outcome.record
        record.version += 1
        self.record = try SQLiteStore.encode(record)
        runs = try StoredRun.runs(of: outcome.stepInstances)
        approvalEntries = try outcome.approvalEntries.map(SQLiteStore.encode)
        notifications = try outcome.notifications.map(SQLiteStore.encode)
        webhookEntries = try outcome.webhookEntries.map { try SQLiteStore.encode($0.withoutNotificationState) }
        recordChanges = outcome.recordChangesChanged && !outcome.recordChanges.isEmpty ? try SQLiteStore.encode(outcome.recordChanges) : nil
    }
}

extension WorkflowWebhookEntry {
    /// The entry as stored: its delivery state is read from the outbox, never kept in the entry.
    var withoutNotificationState: WorkflowWebhookEntry {
        var entry = self
        (entry.notificationStatus, entry.notificationError) = (nil, nil)
        return entry
    }
}
