import FlowGateCore
import Foundation
import PostgresNIO

/// A per-company table of versioned rows addressed by one key column, on PostgreSQL (as `CompanyKeyedTable` is on
/// SQLite; the table and column names are the same constants).
struct PostgresCompanyTable: Sendable {
    let table: CompanyKeyedTable

    static let salespersons = PostgresCompanyTable(table: .salespersons)
    static let approvalSetups = PostgresCompanyTable(table: .approvalSetups)
    static let userGroups = PostgresCompanyTable(table: .userGroups)
    static let workflows = PostgresCompanyTable(table: .workflows)

    func list<T: Decodable & Sendable>(_ store: PostgresStore, _ type: T.Type, companyId: UUID, _ page: PageRequest) async throws -> Page<T> {
        try await store.page(
            T.self,
            """
            SELECT seq, body FROM \(unescaped: table.name) WHERE company_id = \(companyId.storeKey)
            AND seq > \(page.afterSeq) ORDER BY seq LIMIT \(page.fetchLimit)
            """,
            page
        )
    }

    func all<T: Decodable>(_ store: PostgresStore, _ type: T.Type, companyId: UUID, on connection: PostgresConnection? = nil) async throws -> [T] {
        try await store.bodies(
            T.self, "SELECT body FROM \(unescaped: table.name) WHERE company_id = \(companyId.storeKey) ORDER BY seq", on: connection
        )
    }

    /// The row, locked for the rest of the transaction when read on a connection inside one (`forUpdate`).
    func get<T: Decodable>(
        _ store: PostgresStore, _ type: T.Type, companyId: UUID, key: String, on connection: PostgresConnection? = nil, forUpdate: Bool = false
    ) async throws -> T? {
        try await store.bodies(
            T.self,
            """
            SELECT body FROM \(unescaped: table.name) WHERE company_id = \(companyId.storeKey) AND \(unescaped: table.keyColumn) = \(key)
            \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """,
            on: connection
        ).first
    }

    /// Inserts or replaces the row after checking `If-Match`, inside the caller's transaction; the version grows by one.
    func put<T: Codable & Versioned>(
        _ store: PostgresStore, _ value: T, companyId: UUID, key: String, precondition: VersionPrecondition, on connection: PostgresConnection
    ) async throws -> Stored<T> {
        let current = try await get(store, T.self, companyId: companyId, key: key, on: connection, forUpdate: true)
        try precondition.check(current: current?.version)
        var stored = value
        stored.version = (current?.version ?? 0) + 1
        let body = try PostgresStore.encode(stored)
        if current == nil {
            // A concurrent insert of the same key is a 409, as two creations of one resource are.
            try await PostgresStore.mapConstraint("\(table.noun) '\(key)' already exists.") {
                try await store.run(
                    """
                    INSERT INTO \(unescaped: table.name) (company_id, \(unescaped: table.keyColumn), version, body)
                    VALUES (\(companyId.storeKey), \(key), \(stored.version), \(body))
                    """,
                    on: connection
                )
            }
        } else {
            try await store.run(
                """
                UPDATE \(unescaped: table.name) SET version = \(stored.version), body = \(body)
                WHERE company_id = \(companyId.storeKey) AND \(unescaped: table.keyColumn) = \(key)
                """,
                on: connection
            )
        }
        return Stored(value: stored, created: current == nil)
    }

    func delete(
        _ store: PostgresStore, companyId: UUID, key: String, precondition: VersionPrecondition, on connection: PostgresConnection
    ) async throws {
        let version = try await store.column(
            Int.self,
            """
            SELECT version::bigint FROM \(unescaped: table.name) WHERE company_id = \(companyId.storeKey)
            AND \(unescaped: table.keyColumn) = \(key) FOR UPDATE
            """,
            on: connection
        ).first
        try precondition.check(current: version)
        guard version != nil else { throw FlowGateError.notFound("\(table.noun) '\(key)' does not exist.") }
        try await store.run(
            "DELETE FROM \(unescaped: table.name) WHERE company_id = \(companyId.storeKey) AND \(unescaped: table.keyColumn) = \(key)",
            on: connection
        )
    }
}
