import FlowGateCore
import Foundation
import GRDB

/// A per-company table of setup rows addressed by one key column.
struct CompanyKeyedTable: Sendable {
    let name: String
    let keyColumn: String
    let noun: String

    static let salespersons = CompanyKeyedTable(name: "salespersons_purchasers", keyColumn: "code", noun: "Salesperson/purchaser")
    static let approvalSetups = CompanyKeyedTable(name: "approval_user_setups", keyColumn: "user_name", noun: "Approval user setup for")
    static let userGroups = CompanyKeyedTable(name: "workflow_user_groups", keyColumn: "code", noun: "Workflow user group")

    func list<T: Decodable & Sendable>(_ db: Database, _ type: T.Type, companyId: UUID, _ page: PageRequest) throws -> Page<T> {
        try SQLiteStore.page(
            db, T.self, sql: "SELECT seq, body FROM \(name) WHERE company_id = ?", arguments: [companyId.storeKey], page
        )
    }

    func all<T: Decodable>(_ db: Database, _ type: T.Type, companyId: UUID) throws -> [T] {
        // Cached: the snapshot of every approval request reads the company's workflows and setup this way.
        try String.fetchAll(try db.cachedStatement(sql: "SELECT body FROM \(name) WHERE company_id = ? ORDER BY seq"), arguments: [companyId.storeKey])
            .map { try SQLiteStore.decode(T.self, $0) }
    }

    func get<T: Decodable>(_ db: Database, _ type: T.Type, companyId: UUID, key: String) throws -> T? {
        try String.fetchOne(
            try db.cachedStatement(sql: "SELECT body FROM \(name) WHERE company_id = ? AND \(keyColumn) = ?"), arguments: [companyId.storeKey, key]
        ).map { try SQLiteStore.decode(T.self, $0) }
    }

    /// Inserts or replaces the row after checking `If-Match`; the version grows by one on replace.
    func put<T: Codable & Versioned>(
        _ db: Database, _ value: T, companyId: UUID, key: String, precondition: VersionPrecondition
    ) throws -> Stored<T> {
        let current = try get(db, T.self, companyId: companyId, key: key)
        try precondition.check(current: current?.version)
        var stored = value
        stored.version = (current?.version ?? 0) + 1
        let body = try SQLiteStore.encode(stored)
        if current == nil {
            try db.execute(
                sql: "INSERT INTO \(name) (company_id, \(keyColumn), version, body) VALUES (?, ?, ?, ?)",
                arguments: [companyId.storeKey, key, stored.version, body]
            )
        } else {
            try db.execute(
                sql: "UPDATE \(name) SET version = ?, body = ? WHERE company_id = ? AND \(keyColumn) = ?",
                arguments: [stored.version, body, companyId.storeKey, key]
            )
        }
        return Stored(value: stored, created: current == nil)
    }

    func delete(_ db: Database, companyId: UUID, key: String, precondition: VersionPrecondition) throws {
        let version = try Int.fetchOne(
            db, sql: "SELECT version FROM \(name) WHERE company_id = ? AND \(keyColumn) = ?", arguments: [companyId.storeKey, key]
        )
        try precondition.check(current: version)
        guard version != nil else { throw FlowGateError.notFound("\(noun) '\(key)' does not exist.") }
        try db.execute(sql: "DELETE FROM \(name) WHERE company_id = ? AND \(keyColumn) = ?", arguments: [companyId.storeKey, key])
    }
}

extension UUID {
    /// The lower-case text form used in every key column.
    var storeKey: String { lowercasedString }
}

extension SQLiteStore {
    // MARK: Salespersons/purchasers

    public func salespersonsPurchasers(companyId: UUID, _ page: PageRequest) async throws -> Page<SalespersonPurchaser> {
        try await writer.read { try CompanyKeyedTable.salespersons.list($0, SalespersonPurchaser.self, companyId: companyId, page) }
    }

    public func salespersonPurchaser(companyId: UUID, code: String) async throws -> SalespersonPurchaser? {
        try await writer.read { try CompanyKeyedTable.salespersons.get($0, SalespersonPurchaser.self, companyId: companyId, key: code) }
    }

    public func putSalespersonPurchaser(
        _ value: SalespersonPurchaser, precondition: VersionPrecondition
    ) async throws -> Stored<SalespersonPurchaser> {
        try await writer.write { db in
            try CompanyKeyedTable.salespersons.put(db, value, companyId: value.companyId, key: value.code, precondition: precondition)
        }
    }

    public func deleteSalespersonPurchaser(companyId: UUID, code: String, precondition: VersionPrecondition) async throws {
        try await writer.write { db in
            let setups = try CompanyKeyedTable.approvalSetups.all(db, ApprovalUserSetup.self, companyId: companyId)
            if let holder = setups.first(where: { $0.salespersonPurchaserCode == code }) {
                throw FlowGateError.conflict(
                    "in-use", "Salesperson/purchaser '\(code)' is assigned to user '\(holder.userName)' in the approval user setup."
                )
            }
            if let number = try String.fetchOne(
                db,
                sql: "SELECT number FROM records WHERE company_id = ? AND json_extract(body, '$.salespersonPurchaserCode') = ? LIMIT 1",
                arguments: [companyId.storeKey, code]
            ) {
                throw FlowGateError.conflict("in-use", "Salesperson/purchaser '\(code)' is used by document \(number).")
            }
            try CompanyKeyedTable.salespersons.delete(db, companyId: companyId, key: code, precondition: precondition)
        }
    }

    // MARK: Approval user setup

    public func approvalUserSetups(companyId: UUID, _ page: PageRequest) async throws -> Page<ApprovalUserSetup> {
        try await writer.read { try CompanyKeyedTable.approvalSetups.list($0, ApprovalUserSetup.self, companyId: companyId, page) }
    }

    public func approvalUserSetup(companyId: UUID, userName: String) async throws -> ApprovalUserSetup? {
        try await writer.read {
            try CompanyKeyedTable.approvalSetups.get($0, ApprovalUserSetup.self, companyId: companyId, key: userName)
        }
    }

    public func putApprovalUserSetup(
        _ value: ApprovalUserSetup, precondition: VersionPrecondition,
        validate: @escaping @Sendable (ApprovalUserSetup, ApprovalSetupContext) throws -> ApprovalUserSetup
    ) async throws -> Stored<ApprovalUserSetup> {
        try await writer.write { db in
            let context = ApprovalSetupContext(
                knownUserNames: Set(try String.fetchAll(db, sql: "SELECT user_name FROM users")),
                otherSetups: try CompanyKeyedTable.approvalSetups.all(db, ApprovalUserSetup.self, companyId: value.companyId),
                salespersonCodes: Set(
                    try String.fetchAll(
                        db, sql: "SELECT code FROM salespersons_purchasers WHERE company_id = ?", arguments: [value.companyId.storeKey]
                    )
                )
            )
            let setup = try validate(value, context)
            return try CompanyKeyedTable.approvalSetups.put(
                db, setup, companyId: value.companyId, key: value.userName, precondition: precondition
            )
        }
    }

    public func deleteApprovalUserSetup(companyId: UUID, userName: String, precondition: VersionPrecondition) async throws {
        try await writer.write { db in
            try CompanyKeyedTable.approvalSetups.delete(db, companyId: companyId, key: userName, precondition: precondition)
        }
    }

    // MARK: Workflow user groups

    public func workflowUserGroups(companyId: UUID, _ page: PageRequest) async throws -> Page<WorkflowUserGroup> {
        try await writer.read { try CompanyKeyedTable.userGroups.list($0, WorkflowUserGroup.self, companyId: companyId, page) }
    }

    public func workflowUserGroup(companyId: UUID, code: String) async throws -> WorkflowUserGroup? {
        try await writer.read { try CompanyKeyedTable.userGroups.get($0, WorkflowUserGroup.self, companyId: companyId, key: code) }
    }

    public func putWorkflowUserGroup(
        _ value: WorkflowUserGroup, precondition: VersionPrecondition,
        validate: @escaping @Sendable (WorkflowUserGroup, _ knownUserNames: Set<String>) throws -> WorkflowUserGroup
    ) async throws -> Stored<WorkflowUserGroup> {
        try await writer.write { db in
            let group = try validate(value, Set(try String.fetchAll(db, sql: "SELECT user_name FROM users")))
            return try CompanyKeyedTable.userGroups.put(db, group, companyId: value.companyId, key: value.code, precondition: precondition)
        }
    }

    public func deleteWorkflowUserGroup(companyId: UUID, code: String, precondition: VersionPrecondition) async throws {
        try await writer.write { db in
            try CompanyKeyedTable.userGroups.delete(db, companyId: companyId, key: code, precondition: precondition)
        }
    }
}
