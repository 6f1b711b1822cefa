import FlowGateCore
import Foundation
import GRDB

extension SQLiteStore {
    public func workflowSnapshot(companyId: UUID, entitySet: EntitySet, recordId: UUID) async throws -> WorkflowSnapshot? {
        let generations = SnapshotGenerations(caches)
        return try await writer.read { db in
            try snapshot(db, companyId: companyId, entitySet: entitySet, recordId: recordId, generations: generations)
        }
    }

    public func workflowSnapshot(companyId: UUID, approvalEntryNo: Int) async throws -> (entry: ApprovalEntry, snapshot: WorkflowSnapshot)? {
        let generations = SnapshotGenerations(caches)
        return try await writer.read { db in
            guard let entry = try Self.approvalEntry(db, companyId: companyId, entryNo: approvalEntryNo),
                let snapshot = try snapshot(db, companyId: companyId, entitySet: entry.entitySet, recordId: entry.recordId, generations: generations)
            else { return nil }
            return (entry, snapshot)
        }
    }

    /// The cache generations a snapshot read starts from, taken before the read begins: see CommittedTableCache.
    private struct SnapshotGenerations {
        let workflows: Int
        let setups: Int
        let groups: Int

        init(_ caches: ReadCaches) {
            (workflows, setups, groups) = (caches.enabledWorkflows.generation, caches.approvalSetups.generation, caches.userGroups.generation)
        }
    }

    private func snapshot(
        _ db: Database, companyId: UUID, entitySet: EntitySet, recordId: UUID, generations: SnapshotGenerations
    ) throws -> WorkflowSnapshot? {
        let (workflowGeneration, setupGeneration, groupGeneration) = (generations.workflows, generations.setups, generations.groups)
        guard let record = try Self.fetchRecord(db, companyId: companyId, entitySet: entitySet, id: recordId) else { return nil }
        let company = companyId.storeKey
        var snapshot = WorkflowSnapshot(
            record: record,
            workflows: try caches.enabledWorkflows.value(for: companyId, generation: workflowGeneration) {
                try Self.enabledWorkflows(db, companyId: companyId)
            },
            stepInstances: try StoredRun.steps(db, companyId: companyId, recordId: recordId),
            approvalEntries: try Self.bodies(
                db, ApprovalEntry.self, sql: "SELECT body FROM approval_entries WHERE company_id = ? AND record_id = ? ORDER BY entry_no",
                [company, recordId.storeKey]
            ),
            recordChanges: try String.fetchOne(
                try db.cachedStatement(sql: "SELECT body FROM workflow_record_changes WHERE record_id = ?"), arguments: [recordId.storeKey]
            )
                .map { try Self.decode([WorkflowRecordChange].self, $0) } ?? [],
            setups: try caches.approvalSetups.value(for: companyId, generation: setupGeneration) {
                try CompanyKeyedTable.approvalSetups.all(db, ApprovalUserSetup.self, companyId: companyId)
            },
            groups: try caches.userGroups.value(for: companyId, generation: groupGeneration) {
                try CompanyKeyedTable.userGroups.all(db, WorkflowUserGroup.self, companyId: companyId)
            },
            nextApprovalEntryNo: try Self.nextApprovalEntryNo(db, companyId: companyId),
            webhookEntries: try Self.bodies(
                db, WorkflowWebhookEntry.self,
                sql: "SELECT body FROM workflow_webhook_entries WHERE company_id = ? AND record_id = ? ORDER BY entry_no",
                [company, recordId.storeKey]
            ),
            nextWebhookEntryNo: try Self.nextWebhookEntryNo(db, companyId: companyId)
        )
        if let customer = RelatedRecords.customer(of: record) {
            snapshot.customer = try Self.records(db, companyId: companyId, customer).first
        }
        if let lines = RelatedRecords.journalLines(of: record) {
            snapshot.journalLines = try Self.records(db, companyId: companyId, lines)
        }
        return snapshot
    }

    public func approvalEntries(companyId: UUID, _ query: ApprovalEntryQuery, _ page: PageRequest) async throws -> Page<ApprovalEntry> {
        var sql = "SELECT seq, body FROM approval_entries WHERE company_id = ?"
        var arguments: StatementArguments = [companyId.storeKey]
        if let status = query.status { sql += " AND status = ?"; arguments += [status.rawValue] }
        if let approver = query.approverId { sql += " AND approver_id = ?"; arguments += [approver] }
        if let recordId = query.recordId { sql += " AND record_id = ?"; arguments += [recordId.storeKey] }
        if let user = query.involving { sql += " AND (approver_id = ? OR sender_id = ?)"; arguments += [user, user] }
        return try await writer.read { [sql, arguments] db in try Self.page(db, ApprovalEntry.self, sql: sql, arguments: arguments, page) }
    }

    public func approvalEntry(companyId: UUID, entryNo: Int) async throws -> ApprovalEntry? {
        try await writer.read { db in try Self.approvalEntry(db, companyId: companyId, entryNo: entryNo) }
    }

    static func approvalEntry(_ db: Database, companyId: UUID, entryNo: Int) throws -> ApprovalEntry? {
        try String.fetchOne(
            try db.cachedStatement(sql: "SELECT body FROM approval_entries WHERE company_id = ? AND entry_no = ?"),
            arguments: [companyId.storeKey, entryNo]
        ).map { try decode(ApprovalEntry.self, $0) }
    }

    public func stepInstances(companyId: UUID, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance> {
        try await writer.read { db in try StoredRun.page(db, companyId: companyId, recordId: recordId, page) }
    }

    public func archivedStepInstances(companyId: UUID, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance> {
        var sql = "SELECT seq, body FROM archived_workflow_step_instances WHERE company_id = ?"
        var arguments: StatementArguments = [companyId.storeKey]
        if let recordId { sql += " AND record_id = ?"; arguments += [recordId.storeKey] }
        return try await writer.read { [sql, arguments] db in try Self.page(db, WorkflowStepInstance.self, sql: sql, arguments: arguments, page) }
    }

    /// Moves every finished run of the company into the archive, one row a step; returns how many runs moved.
    public func archiveFinishedInstances(companyId: UUID, now: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO archived_workflow_step_instances (company_id, instance_id, step_id, record_id, archived_at, body)
                    SELECT r.company_id, r.instance_id, json_extract(s.value, '$.stepId'), r.record_id, ?, s.value
                    FROM workflow_runs r, json_each(r.steps) s WHERE r.company_id = ? AND r.active = 0 ORDER BY r.seq, s.key
                    """,
                arguments: [now.timeIntervalSince1970, companyId.storeKey]
            )
            try db.execute(sql: "DELETE FROM workflow_runs WHERE company_id = ? AND active = 0", arguments: [companyId.storeKey])
            return db.changesCount
        }
    }

    public func notificationEntries(companyId: UUID, recipient: String?, _ page: PageRequest) async throws -> Page<NotificationEntry> {
        var sql = "SELECT seq, body FROM notification_entries WHERE company_id = ?"
        var arguments: StatementArguments = [companyId.storeKey]
        if let recipient { sql += " AND recipient = ?"; arguments += [recipient] }
        return try await writer.read { [sql, arguments] db in try Self.page(db, NotificationEntry.self, sql: sql, arguments: arguments, page) }
    }

    public func openEntriesWithDelegation() async throws -> [ApprovalEntry] {
        try await writer.read { db in
            try Self.bodies(
                db, ApprovalEntry.self,
                sql: "SELECT body FROM approval_entries WHERE status = 'Open' AND json_extract(body, '$.delegationDateFormula') IS NOT NULL ORDER BY seq",
                []
            )
        }
    }

    // MARK: Helpers

    /// Decodes the `body` column of every row; the SQL is a constant, so its statement is cached.
    static func bodies<T: Decodable>(_ db: Database, _ type: T.Type, sql: String, _ arguments: StatementArguments) throws -> [T] {
        try String.fetchAll(try db.cachedStatement(sql: sql), arguments: arguments).map { try decode(T.self, $0) }
    }

    /// The records a snapshot reads besides the event's own, as FlowGateCore names them.
    static func records(_ db: Database, companyId: UUID, _ related: RelatedRecords) throws -> [BusinessRecord] {
        switch related {
        case .byNumber(let entitySet, let number):
            return try recordByNumber(db, companyId: companyId, entitySet: entitySet, number: number).map { [$0] } ?? []
        case .byField(let entitySet, let field, let value):
            return try bodies(
                db, BusinessRecord.self, sql: "SELECT body FROM records WHERE company_id = ? AND entity_set = ? AND json_extract(body, ?) = ?",
                [companyId.storeKey, entitySet.rawValue, "$.fields.\(field)", value]
            )
        }
    }

    static func recordByNumber(_ db: Database, companyId: UUID, entitySet: EntitySet, number: String) throws -> BusinessRecord? {
        try String.fetchOne(
            db, sql: "SELECT body FROM records WHERE company_id = ? AND entity_set = ? AND number = ?",
            arguments: [companyId.storeKey, entitySet.rawValue, number]
        ).map { try decode(BusinessRecord.self, $0) }
    }

    /// Whether a workflow run of this record still waits for an event: its usage restriction is then in force.
    static func hasRunningWorkflow(_ db: Database, companyId: UUID, recordId: UUID) throws -> Bool {
        // The company narrows the lookup to the (company_id, record_id) index instead of a scan.
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM workflow_runs WHERE company_id = ? AND record_id = ? AND active = 1)",
            arguments: [companyId.storeKey, recordId.storeKey]
        ) ?? false
    }
}
