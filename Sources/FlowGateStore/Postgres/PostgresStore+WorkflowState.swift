import FlowGateCore
import Foundation
import PostgresNIO

extension PostgresStore {
    public func workflowSnapshot(companyId: UUID, entitySet: EntitySet, recordId: UUID) async throws -> WorkflowSnapshot? {
        try await transaction { connection in
            try await self.snapshot(companyId: companyId, entitySet: entitySet, recordId: recordId, on: connection)
        }
    }

    public func workflowSnapshot(companyId: UUID, approvalEntryNo: Int) async throws -> (entry: ApprovalEntry, snapshot: WorkflowSnapshot)? {
        try await transaction { connection in
            guard let entry = try await self.bodies(
                ApprovalEntry.self,
                "SELECT body FROM approval_entries WHERE company_id = \(companyId.storeKey) AND entry_no = \(approvalEntryNo)", on: connection
            ).first,
                let snapshot = try await self.snapshot(companyId: companyId, entitySet: entry.entitySet, recordId: entry.recordId, on: connection)
            else { return nil }
            return (entry, snapshot)
        }
    }

    /// The record and what the engine may read about it, in one transaction: a consistent view. Nothing is cached
    /// here, since another instance may change any of it.
    func snapshot(companyId: UUID, entitySet: EntitySet, recordId: UUID, on connection: PostgresConnection) async throws -> WorkflowSnapshot? {
        guard let record = try await fetchRecord(companyId: companyId, entitySet: entitySet, id: recordId, on: connection) else { return nil }
        let company = companyId.storeKey
        let record_ = recordId.storeKey
        var snapshot = WorkflowSnapshot(
            record: record,
            workflows: try await PostgresCompanyTable.workflows.all(self, Workflow.self, companyId: companyId, on: connection).filter(\.enabled),
            stepInstances: try await steps(companyId: companyId, recordId: recordId, on: connection),
            approvalEntries: try await bodies(
                ApprovalEntry.self, "SELECT body FROM approval_entries WHERE company_id = \(company) AND record_id = \(record_) ORDER BY entry_no",
                on: connection
            ),
            recordChanges: try await column(String.self, "SELECT body FROM workflow_record_changes WHERE record_id = \(record_)", on: connection)
                .first.map { try Self.decode([WorkflowRecordChange].self, $0) } ?? [],
            setups: try await PostgresCompanyTable.approvalSetups.all(self, ApprovalUserSetup.self, companyId: companyId, on: connection),
            groups: try await PostgresCompanyTable.userGroups.all(self, WorkflowUserGroup.self, companyId: companyId, on: connection),
            nextApprovalEntryNo: try await nextEntryNo("approval_entries", companyId: companyId, on: connection),
            webhookEntries: try await bodies(
                WorkflowWebhookEntry.self,
                "SELECT body FROM workflow_webhook_entries WHERE company_id = \(company) AND record_id = \(record_) ORDER BY entry_no",
                on: connection
            ),
            nextWebhookEntryNo: try await nextEntryNo("workflow_webhook_entries", companyId: companyId, on: connection)
        )
        if let customer = RelatedRecords.customer(of: record) {
            snapshot.customer = try await records(companyId: companyId, customer, on: connection).first
        }
        if let lines = RelatedRecords.journalLines(of: record) {
            snapshot.journalLines = try await records(companyId: companyId, lines, on: connection)
        }
        return snapshot
    }

    public func approvalEntries(companyId: UUID, _ query: ApprovalEntryQuery, _ page: PageRequest) async throws -> Page<ApprovalEntry> {
        try await self.page(
            ApprovalEntry.self,
            """
            SELECT seq, body FROM approval_entries WHERE company_id = \(companyId.storeKey)
            AND (\(query.status?.rawValue)::text IS NULL OR status = \(query.status?.rawValue))
            AND (\(query.approverId)::text IS NULL OR approver_id = \(query.approverId))
            AND (\(query.recordId?.storeKey)::text IS NULL OR record_id = \(query.recordId?.storeKey))
            AND (\(query.involving)::text IS NULL OR approver_id = \(query.involving) OR sender_id = \(query.involving))
            AND seq > \(page.afterSeq) ORDER BY seq LIMIT \(page.fetchLimit)
            """,
            page
        )
    }

    public func approvalEntry(companyId: UUID, entryNo: Int) async throws -> ApprovalEntry? {
        try await bodies(ApprovalEntry.self, "SELECT body FROM approval_entries WHERE company_id = \(companyId.storeKey) AND entry_no = \(entryNo)").first
    }

    public func stepInstances(companyId: UUID, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance> {
        // A step's position is its run's seq times 65,536 plus its index in the run, as in the SQLite backend, so a
        // cursor stays valid while the run is rewritten in place.
        let after = page.afterSeq
        var found: [(position: Int64, step: WorkflowStepInstance)] = []
        var fromSeq = after >> 16
        while found.count <= page.limit {
            let rows = try await run(
                """
                SELECT seq, steps FROM workflow_runs WHERE company_id = \(companyId.storeKey)
                AND (\(recordId?.storeKey)::text IS NULL OR record_id = \(recordId?.storeKey))
                AND seq >= \(fromSeq) ORDER BY seq LIMIT \(page.fetchLimit)
                """
            )
            var count = 0
            var lastSeq: Int64 = fromSeq
            for (seq, steps) in try rows.decode((Int64, String).self) {
                count += 1
                lastSeq = seq
                for (index, step) in try Self.decode([WorkflowStepInstance].self, steps).enumerated() {
                    let position = seq << 16 | Int64(index)
                    if position > after { found.append((position, step)) }
                }
            }
            guard count > page.limit else { break }
            fromSeq = lastSeq + 1
        }
        let kept = found.prefix(page.limit)
        let next = found.count > page.limit ? kept.last.map { PageCursor.encode($0.position) } : nil
        return Page(items: kept.map(\.step), nextCursor: next)
    }

    public func archiveFinishedInstances(companyId: UUID, now: Date) async throws -> Int {
        try await transaction { connection in
            try await self.run(
                """
                INSERT INTO archived_workflow_step_instances (company_id, instance_id, step_id, record_id, archived_at, body)
                SELECT r.company_id, r.instance_id, (s.value ->> 'stepId')::int, r.record_id, \(now.timeIntervalSince1970), s.value::text
                FROM workflow_runs r, jsonb_array_elements(r.steps::jsonb) WITH ORDINALITY AS s(value, position)
                WHERE r.company_id = \(companyId.storeKey) AND NOT r.active ORDER BY r.seq, s.position
                """,
                on: connection
            )
            return try await self.column(
                String.self, "DELETE FROM workflow_runs WHERE company_id = \(companyId.storeKey) AND NOT active RETURNING instance_id", on: connection
            ).count
        }
    }

    public func archivedStepInstances(companyId: UUID, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance> {
        try await self.page(
            WorkflowStepInstance.self,
            """
            SELECT seq, body FROM archived_workflow_step_instances WHERE company_id = \(companyId.storeKey)
            AND (\(recordId?.storeKey)::text IS NULL OR record_id = \(recordId?.storeKey))
            AND seq > \(page.afterSeq) ORDER BY seq LIMIT \(page.fetchLimit)
            """,
            page
        )
    }

    public func notificationEntries(companyId: UUID, recipient: String?, _ page: PageRequest) async throws -> Page<NotificationEntry> {
        try await self.page(
            NotificationEntry.self,
            """
            SELECT seq, body FROM notification_entries WHERE company_id = \(companyId.storeKey)
            AND (\(recipient)::text IS NULL OR recipient = \(recipient))
            AND seq > \(page.afterSeq) ORDER BY seq LIMIT \(page.fetchLimit)
            """,
            page
        )
    }

    public func openEntriesWithDelegation() async throws -> [ApprovalEntry] {
        try await bodies(
            ApprovalEntry.self,
            "SELECT body FROM approval_entries WHERE status = 'Open' AND body::jsonb ->> 'delegationDateFormula' IS NOT NULL ORDER BY seq"
        )
    }

    // MARK: Helpers

    /// The live step instances of a record, run by run.
    func steps(companyId: UUID, recordId: UUID, on connection: PostgresConnection) async throws -> [WorkflowStepInstance] {
        try await column(
            String.self,
            "SELECT steps FROM workflow_runs WHERE company_id = \(companyId.storeKey) AND record_id = \(recordId.storeKey) ORDER BY seq",
            on: connection
        ).flatMap { try Self.decode([WorkflowStepInstance].self, $0) }
    }

    /// One more than the company's last entry number of `table`.
    func nextEntryNo(_ table: String, companyId: UUID, on connection: PostgresConnection) async throws -> Int {
        (try await column(
            Int.self, "SELECT COALESCE(MAX(entry_no), 0)::bigint FROM \(unescaped: table) WHERE company_id = \(companyId.storeKey)", on: connection
        ).first ?? 0) + 1
    }

    /// The records a snapshot reads besides the event's own, as FlowGateCore names them.
    func records(companyId: UUID, _ related: RelatedRecords, on connection: PostgresConnection) async throws -> [BusinessRecord] {
        switch related {
        case .byNumber(let entitySet, let number):
            return try await bodies(
                BusinessRecord.self,
                "SELECT body FROM records WHERE company_id = \(companyId.storeKey) AND entity_set = \(entitySet.rawValue) AND number = \(number)",
                on: connection
            )
        case .byField(let entitySet, let field, let value):
            return try await bodies(
                BusinessRecord.self,
                """
                SELECT body FROM records WHERE company_id = \(companyId.storeKey) AND entity_set = \(entitySet.rawValue)
                AND body::jsonb -> 'fields' ->> \(field) = \(value) ORDER BY seq
                """,
                on: connection
            )
        }
    }
}
