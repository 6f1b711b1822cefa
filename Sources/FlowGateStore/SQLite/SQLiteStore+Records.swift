import FlowGateCore
import Foundation
import GRDB

extension SQLiteStore {
    public func createRecord(companyId: UUID, entitySet: EntitySet, changes: RecordChanges, now: Date) async throws -> BusinessRecord {
        try await writer.write { db in
            let number = try changes.number ?? Self.nextNumber(db, companyId: companyId, entitySet: entitySet, documentType: changes.documentType)
            let record = BusinessRecord.creating(changes, companyId: companyId, entitySet: entitySet, number: number, now: now)
            try Self.checkReferences(db, record)
            try Self.insert(db, record)
            try Self.noteRecordChange(db, companyId: companyId, entitySet: entitySet, recordId: record.id, .created, at: now)
            return record
        }
    }

    public func records(companyId: UUID, entitySet: EntitySet, _ page: PageRequest) async throws -> Page<BusinessRecord> {
        try await writer.read { db in
            try Self.page(
                db, BusinessRecord.self, sql: "SELECT seq, body FROM records WHERE company_id = ? AND entity_set = ?",
                arguments: [companyId.storeKey, entitySet.rawValue], page
            )
        }
    }

    public func record(companyId: UUID, entitySet: EntitySet, id: UUID) async throws -> BusinessRecord? {
        try await writer.read { db in try Self.fetchRecord(db, companyId: companyId, entitySet: entitySet, id: id) }
    }

    public func updateRecord(
        companyId: UUID, entitySet: EntitySet, id: UUID, changes: RecordChanges, precondition: VersionPrecondition, now: Date,
        rule: @escaping RecordWriteRule
    ) async throws -> BusinessRecord {
        try await writer.write { db in
            let current = try Self.fetchRecord(db, companyId: companyId, entitySet: entitySet, id: id)
            try precondition.check(current: current?.version)
            guard var record = current else { throw Self.recordNotFound(entitySet, id) }
            try rule(record, try Self.hasRunningWorkflow(db, companyId: companyId, recordId: id))
            let previousCode = record.salespersonPurchaserCode
            record.apply(changes)
            record.version += 1
            record.modifiedAt = now
            if record.salespersonPurchaserCode != previousCode { try Self.checkReferences(db, record) }
            try Self.mapConstraint(Self.duplicateMessage(record)) {
                try db.execute(
                    sql: "UPDATE records SET number = ?, status = ?, version = ?, body = ? WHERE id = ?",
                    arguments: [record.number, record.status.rawValue, record.version, try Self.encode(record), id.storeKey]
                )
            }
            try Self.noteRecordChange(db, companyId: companyId, entitySet: entitySet, recordId: id, .updated, at: now)
            return record
        }
    }

    public func deleteRecord(
        companyId: UUID, entitySet: EntitySet, id: UUID, precondition: VersionPrecondition, now: Date, rule: @escaping RecordWriteRule
    ) async throws {
        try await writer.write { db in
            let current = try Self.fetchRecord(db, companyId: companyId, entitySet: entitySet, id: id)
            try precondition.check(current: current?.version)
            guard let record = current else { throw Self.recordNotFound(entitySet, id) }
            try rule(record, try Self.hasRunningWorkflow(db, companyId: companyId, recordId: id))
            // As Business Central does when a document is deleted: its approval entries, Flow entries and workflow
            // state go with it. Messages already sent about its Flow entries stay in the outbox as delivery history.
            for table in ["approval_entries", "workflow_webhook_entries", "workflow_runs", "workflow_record_changes"] {
                // With the company, the deletes use the (company_id, record_id) indexes instead of scanning.
                try db.execute(sql: "DELETE FROM \(table) WHERE company_id = ? AND record_id = ?", arguments: [companyId.storeKey, id.storeKey])
            }
            try db.execute(sql: "DELETE FROM records WHERE id = ?", arguments: [id.storeKey])
            try Self.noteRecordChange(db, companyId: companyId, entitySet: entitySet, recordId: id, .deleted, at: now)
        }
    }

    // MARK: Helpers

    static func fetchRecord(_ db: Database, companyId: UUID, entitySet: EntitySet, id: UUID) throws -> BusinessRecord? {
        try String.fetchOne(
            try db.cachedStatement(sql: "SELECT body FROM records WHERE id = ? AND company_id = ? AND entity_set = ?"),
            arguments: [id.storeKey, companyId.storeKey, entitySet.rawValue]
        ).map { try decode(BusinessRecord.self, $0) }
    }

    static func insert(_ db: Database, _ record: BusinessRecord) throws {
        try mapConstraint(duplicateMessage(record)) {
            try db.execute(
                sql: """
                    INSERT INTO records (id, company_id, entity_set, document_type, number, status, version, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.id.storeKey, record.companyId.storeKey, record.entitySet.rawValue, record.documentType?.rawValue ?? "",
                    record.number, record.status.rawValue, record.version, try encode(record),
                ]
            )
        }
    }

    /// A document's salesperson/purchaser must exist, as Business Central's table relation demands.
    static func checkReferences(_ db: Database, _ record: BusinessRecord) throws {
        if let code = record.salespersonPurchaserCode,
            try CompanyKeyedTable.salespersons.get(db, SalespersonPurchaser.self, companyId: record.companyId, key: code) == nil
        {
            throw FlowGateError.validation(field: "salespersonPurchaserCode", "salesperson/purchaser '\(code)' does not exist")
        }
    }

    /// The next free number of the record's series (FlowGateCore's No. Series rule), remembered in `number_series`.
    static func nextNumber(_ db: Database, companyId: UUID, entitySet: EntitySet, documentType: DocumentType?) throws -> String {
        let prefix = entitySet.numberPrefix(documentType: documentType)
        let last = try Int.fetchOne(
            db, sql: "SELECT last_no FROM number_series WHERE company_id = ? AND series = ?", arguments: [companyId.storeKey, prefix]
        ) ?? 0
        let next = try NumberSeries.next(prefix: prefix, after: last) { candidate in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM records WHERE company_id = ? AND entity_set = ? AND document_type = ? AND number = ?)",
                arguments: [companyId.storeKey, entitySet.rawValue, documentType?.rawValue ?? "", candidate]
            ) == true
        }
        try db.execute(
            sql: "INSERT INTO number_series (company_id, series, last_no) VALUES (?, ?, ?) ON CONFLICT (company_id, series) DO UPDATE SET last_no = excluded.last_no",
            arguments: [companyId.storeKey, prefix, next.lastNo]
        )
        return next.number
    }

    static func recordNotFound(_ entitySet: EntitySet, _ id: UUID) -> FlowGateError {
        .notFound("No \(entitySet.rawValue) record has id \(id.storeKey).")
    }

    static func duplicateMessage(_ record: BusinessRecord) -> String {
        let type = record.documentType.map { " \($0.rawValue)" } ?? ""
        return "\(record.entitySet.rawValue)\(type) number \(record.number) already exists."
    }
}
