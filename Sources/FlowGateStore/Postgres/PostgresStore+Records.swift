import FlowGateCore
import Foundation
import PostgresNIO

extension PostgresStore: RecordStore {
    public func createRecord(companyId: UUID, entitySet: EntitySet, changes: RecordChanges, now: Date) async throws -> BusinessRecord {
        try await transaction { connection in
            let number = try await changes.number.asyncOr {
                try await self.nextNumber(companyId: companyId, entitySet: entitySet, documentType: changes.documentType, on: connection)
            }
            let record = BusinessRecord.creating(changes, companyId: companyId, entitySet: entitySet, number: number, now: now)
            try await self.checkReferences(record, on: connection)
            try await self.insert(record, on: connection)
            try await self.noteRecordChange(companyId: companyId, entitySet: entitySet, recordId: record.id, .created, at: now, on: connection)
            return record
        }
    }

    public func records(companyId: UUID, entitySet: EntitySet, _ page: PageRequest) async throws -> Page<BusinessRecord> {
        try await self.page(
            BusinessRecord.self,
            """
            SELECT seq, body FROM records WHERE company_id = \(companyId.storeKey) AND entity_set = \(entitySet.rawValue)
            AND seq > \(page.afterSeq) ORDER BY seq LIMIT \(page.fetchLimit)
            """,
            page
        )
    }

    public func record(companyId: UUID, entitySet: EntitySet, id: UUID) async throws -> BusinessRecord? {
        try await fetchRecord(companyId: companyId, entitySet: entitySet, id: id)
    }

    public func updateRecord(
        companyId: UUID, entitySet: EntitySet, id: UUID, changes: RecordChanges, precondition: VersionPrecondition, now: Date,
        rule: @escaping RecordWriteRule
    ) async throws -> BusinessRecord {
        try await transaction { connection in
            let current = try await self.fetchRecord(companyId: companyId, entitySet: entitySet, id: id, on: connection, forUpdate: true)
            try precondition.check(current: current?.version)
            guard var record = current else { throw Self.recordNotFound(entitySet, id) }
            try rule(record, try await self.hasRunningWorkflow(companyId: companyId, recordId: id, on: connection))
            let previousCode = record.salespersonPurchaserCode
            record.apply(changes)
            record.version += 1
            record.modifiedAt = now
            if record.salespersonPurchaserCode != previousCode { try await self.checkReferences(record, on: connection) }
            let body = try Self.encode(record)
            try await Self.mapConstraint(SQLiteStore.duplicateMessage(record)) {
                try await self.run(
                    """
                    UPDATE records SET number = \(record.number), status = \(record.status.rawValue), version = \(record.version), body = \(body)
                    WHERE id = \(id.storeKey)
                    """,
                    on: connection
                )
            }
            try await self.noteRecordChange(companyId: companyId, entitySet: entitySet, recordId: id, .updated, at: now, on: connection)
            return record
        }
    }

    public func deleteRecord(
        companyId: UUID, entitySet: EntitySet, id: UUID, precondition: VersionPrecondition, now: Date, rule: @escaping RecordWriteRule
    ) async throws {
        try await transaction { connection in
            let current = try await self.fetchRecord(companyId: companyId, entitySet: entitySet, id: id, on: connection, forUpdate: true)
            try precondition.check(current: current?.version)
            guard let record = current else { throw Self.recordNotFound(entitySet, id) }
            try rule(record, try await self.hasRunningWorkflow(companyId: companyId, recordId: id, on: connection))
            // As Business Central does when a document is deleted: its approval entries, Flow entries and workflow
            // state go with it. Messages already sent about its Flow entries stay in the outbox as delivery history.
            for table in ["approval_entries", "workflow_webhook_entries", "workflow_runs", "workflow_record_changes"] {
                try await self.run(
                    "DELETE FROM \(unescaped: table) WHERE company_id = \(companyId.storeKey) AND record_id = \(id.storeKey)", on: connection
                )
            }
            try await self.run("DELETE FROM records WHERE id = \(id.storeKey)", on: connection)
            try await self.noteRecordChange(companyId: companyId, entitySet: entitySet, recordId: id, .deleted, at: now, on: connection)
        }
    }

    // MARK: Helpers

    func fetchRecord(
        companyId: UUID, entitySet: EntitySet, id: UUID, on connection: PostgresConnection? = nil, forUpdate: Bool = false
    ) async throws -> BusinessRecord? {
        // By id alone, then checked here: with company and set in the WHERE clause the planner, before its statistics
        // catch up with a growing table, may scan the company's records index instead of the id's unique one.
        let rows = try await run(
            "SELECT body, company_id, entity_set FROM records WHERE id = \(id.storeKey) \(unescaped: forUpdate ? "FOR UPDATE" : "")",
            on: connection
        )
        for (body, company, set) in try rows.decode((String, String, String).self)
        where company == companyId.storeKey && set == entitySet.rawValue {
            return try Self.decode(BusinessRecord.self, body)
        }
        return nil
    }

    func insert(_ record: BusinessRecord, on connection: PostgresConnection) async throws {
        let body = try Self.encode(record)
        try await Self.mapConstraint(SQLiteStore.duplicateMessage(record)) {
            try await run(
                """
                INSERT INTO records (id, company_id, entity_set, document_type, number, status, version, body)
                VALUES (\(record.id.storeKey), \(record.companyId.storeKey), \(record.entitySet.rawValue), \(record.documentType?.rawValue ?? ""),
                \(record.number), \(record.status.rawValue), \(record.version), \(body))
                """,
                on: connection
            )
        }
    }

    /// A document's salesperson/purchaser must exist, as Business Central's table relation demands.
    func checkReferences(_ record: BusinessRecord, on connection: PostgresConnection) async throws {
        guard let code = record.salespersonPurchaserCode else { return }
        if try await PostgresCompanyTable.salespersons.get(self, SalespersonPurchaser.self, companyId: record.companyId, key: code, on: connection) == nil {
            throw FlowGateError.validation(field: "salespersonPurchaserCode", "salesperson/purchaser '\(code)' does not exist")
        }
    }

    /// The next free number of the record's series (FlowGateCore's No. Series rule). The series row is locked, so
    /// two instances creating records at once never hand out the same number.
    func nextNumber(companyId: UUID, entitySet: EntitySet, documentType: DocumentType?, on connection: PostgresConnection) async throws -> String {
        let prefix = entitySet.numberPrefix(documentType: documentType)
        try await run(
            "INSERT INTO number_series (company_id, series, last_no) VALUES (\(companyId.storeKey), \(prefix), 0) ON CONFLICT DO NOTHING",
            on: connection
        )
        let last = try await column(
            Int.self, "SELECT last_no::bigint FROM number_series WHERE company_id = \(companyId.storeKey) AND series = \(prefix) FOR UPDATE",
            on: connection
        ).first ?? 0
        var candidate = NumberSeries.next(prefix: prefix, after: last) { _ in false }
        while try await !column(
            Int.self,
            """
            SELECT 1::bigint FROM records WHERE company_id = \(companyId.storeKey) AND entity_set = \(entitySet.rawValue)
            AND document_type = \(documentType?.rawValue ?? "") AND number = \(candidate.number)
            """,
            on: connection
        ).isEmpty {
            candidate = NumberSeries.next(prefix: prefix, after: candidate.lastNo) { _ in false }
        }
        try await run(
            "UPDATE number_series SET last_no = \(candidate.lastNo) WHERE company_id = \(companyId.storeKey) AND series = \(prefix)",
            on: connection
        )
        return candidate.number
    }

    /// Whether a workflow run of this record still waits for an event: its usage restriction is then in force.
    func hasRunningWorkflow(companyId: UUID, recordId: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await !column(
            Int.self,
            "SELECT 1::bigint FROM workflow_runs WHERE company_id = \(companyId.storeKey) AND record_id = \(recordId.storeKey) AND active LIMIT 1",
            on: connection
        ).isEmpty
    }

    static func recordNotFound(_ entitySet: EntitySet, _ id: UUID) -> FlowGateError {
        .notFound("No \(entitySet.rawValue) record has id \(id.storeKey).")
    }
}

extension Optional {
    /// The value, or what `make` returns when there is none.
    func asyncOr(_ make: () async throws -> Wrapped) async rethrows -> Wrapped {
        if let self { return self }
        return try await make()
    }
}
