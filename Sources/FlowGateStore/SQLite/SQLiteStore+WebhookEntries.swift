import FlowGateCore
import FlowGateDelivery
import Foundation
import GRDB

extension SQLiteStore {
    public func webhookEntries(companyId: UUID, _ query: WebhookEntryQuery, _ page: PageRequest) async throws -> Page<WorkflowWebhookEntry> {
        var sql = Self.webhookEntrySelect + " WHERE e.company_id = ?"
        var arguments: StatementArguments = [companyId.storeKey]
        if let recordId = query.recordId { sql += " AND e.record_id = ?"; arguments += [recordId.storeKey] }
        if let response = query.response { sql += " AND e.response = ?"; arguments += [response.rawValue] }
        return try await writer.read { [sql, arguments] db in
            // Positioned by entry number, as Business Central lists Flow entries: the (company_id, entry_no) and
            // (company_id, record_id, entry_no) indexes then serve each page without sorting the company's entries.
            try Self.page(db, sql: sql, arguments: arguments, page, position: "e.entry_no", item: Self.webhookEntry(from:))
        }
    }

    public func webhookEntry(companyId: UUID, entryNo: Int) async throws -> WorkflowWebhookEntry? {
        try await writer.read { db in
            try Row.fetchOne(
                try db.cachedStatement(sql: Self.webhookEntrySelect + " WHERE e.company_id = ? AND e.entry_no = ?"),
                arguments: [companyId.storeKey, entryNo]
            ).map(Self.webhookEntry(from:))
        }
    }

    public func webhookEntry(workflowStepInstanceId: UUID) async throws -> WorkflowWebhookEntry? {
        try await writer.read { db in
            try Row.fetchOne(
                try db.cachedStatement(sql: Self.webhookEntrySelect + " WHERE e.instance_id = ? ORDER BY e.entry_no DESC LIMIT 1"),
                arguments: [workflowStepInstanceId.storeKey]
            ).map(Self.webhookEntry(from:))
        }
    }

    public func resubmitWebhookEntry(
        companyId: UUID, entryNo: Int, now: Date, rule: @escaping @Sendable (WorkflowWebhookEntry) throws -> Void
    ) async throws -> WorkflowWebhookEntry? {
        try await writer.write { db in
            let select = try db.cachedStatement(sql: Self.webhookEntrySelect + " WHERE e.company_id = ? AND e.entry_no = ?")
            guard let entry = try Row.fetchOne(select, arguments: [companyId.storeKey, entryNo]).map(Self.webhookEntry(from:)) else { return nil }
            try rule(entry)
            // The latest message about the entry goes out again, with its id, so the receiver's duplicate check still knows it.
            try db.execute(
                sql: """
                    UPDATE outbox_messages SET status = 'pending', next_attempt_at = ?, lease_until = NULL, lease_owner = NULL
                    WHERE seq = (SELECT seq FROM outbox_messages WHERE source_id = ? ORDER BY seq DESC LIMIT 1)
                    """,
                arguments: [now.timeIntervalSince1970, entry.id.storeKey]
            )
            guard db.changesCount == 1 else { throw FlowGateError.notFound("Flow entry \(entryNo) has no message to resubmit.") }
            return try Row.fetchOne(select, arguments: [companyId.storeKey, entryNo]).map(Self.webhookEntry(from:))
        }
    }

    // MARK: Helpers

    /// An entry with the state of its latest message, in one query for a whole page: the correlated subquery
    /// finds that message through the `source_id` index.
    private static let webhookEntrySelect = """
        SELECT e.entry_no AS seq, e.body AS body, m.status AS message_status, m.last_error AS message_error
        FROM workflow_webhook_entries e
        LEFT JOIN outbox_messages m ON m.seq = (SELECT seq FROM outbox_messages WHERE source_id = e.id ORDER BY seq DESC LIMIT 1)
        """

    private static func webhookEntry(from row: Row) throws -> WorkflowWebhookEntry {
        var entry = try decode(WorkflowWebhookEntry.self, row["body"])
        entry.attachDeliveryState(status: (row["message_status"] as String?).flatMap(DeliveryStatus.init(rawValue:)), lastError: row["message_error"])
        return entry
    }

    /// Reads the delivery state of the entry's latest message into it.
    static func attachNotificationState(_ db: Database, to entry: inout WorkflowWebhookEntry) throws {
        let row = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT status, last_error FROM outbox_messages WHERE source_id = ? ORDER BY seq DESC LIMIT 1"),
            arguments: [entry.id.storeKey]
        )
        entry.attachDeliveryState(status: (row?["status"] as String?).flatMap(DeliveryStatus.init(rawValue:)), lastError: row?["last_error"])
    }
}
