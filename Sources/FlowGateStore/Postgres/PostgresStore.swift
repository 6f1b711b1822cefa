import FlowGateCore
import FlowGateDelivery
import Foundation
import Logging
import PostgresNIO

/// The shared store: one PostgreSQL database that several gateway instances use at once.
///
/// Nothing is cached in this process: another instance may change any row at any time. Every write runs in one
/// transaction; the same version checks, unique keys and leases as the SQLite backend keep it correct across
/// instances, with `FOR UPDATE` and `SKIP LOCKED` where rows are claimed.
public final class PostgresStore: Sendable {
    let pool: PostgresPool
    /// Seals secrets (webhook signing secrets) before they are written and opens them when read.
    let secrets: SecretBox

    var logger: Logger { pool.logger }

    private init(pool: PostgresPool, secrets: SecretBox) {
        self.pool = pool
        self.secrets = secrets
    }

    /// Connects, brings the schema up to date (under the migrations' advisory lock) and checks the secret key:
    /// every instance must seal with the same key file, which the first one records by its id.
    static func open(_ settings: PostgresSettings, secretKeyFile: String) async throws -> PostgresStore {
        let pool = try await PostgresPool(settings)
        do {
            try await PostgresMigrations.migrate(pool)
            let recorded = try await recordedSecretKeyId(pool)
            let secrets = try SecretKeyFile.loadOrCreate(secretKeyFile, databaseHasSealedSecrets: recorded != nil)
            try await record(secrets, in: pool)
            return PostgresStore(pool: pool, secrets: secrets)
        } catch {
            pool.close()
            throw error
        }
    }

    /// Closes the connections; the store answers nothing afterwards.
    public func close() {
        pool.close()
    }

    static let secretKeyIdSetting = "secret-key-id"

    private static func recordedSecretKeyId(_ pool: PostgresPool) async throws -> String? {
        let rows = try await pool.query("SELECT value FROM store_settings WHERE name = \(secretKeyIdSetting)")
        return try rows.first?.decode(String.self)
    }

    private static func record(_ secrets: SecretBox, in pool: PostgresPool) async throws {
        _ = try await pool.query(
            "INSERT INTO store_settings (name, value) VALUES (\(secretKeyIdSetting), \(secrets.keyId)) ON CONFLICT (name) DO NOTHING"
        )
        guard let recorded = try await recordedSecretKeyId(pool), recorded != secrets.keyId else { return }
        throw SecretKeyFile.failure(
            "The secret key given is not the one this database's secrets are sealed with (key id \(recorded), given \(secrets.keyId)). "
                + "Give every instance the same key file (--secret-key-file)."
        )
    }

    // MARK: Shared helpers

    static func decode<T: Decodable>(_ type: T.Type, _ body: String) throws -> T {
        try BodyCoding.decoder.decode(T.self, from: Data(body.utf8))
    }

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try BodyCoding.encoder.encode(value), as: UTF8.self)
    }

    /// Runs `query` and decodes the single column of every row.
    func column<T: PostgresDecodable>(_ type: T.Type, _ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> [T] {
        try await run(query, on: connection).map { try $0.decode(T.self) }
    }

    /// Decodes the `body` column of every row the query returns.
    func bodies<T: Decodable>(_ type: T.Type, _ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> [T] {
        try await column(String.self, query, on: connection).map { try Self.decode(T.self, $0) }
    }

    /// A page of `(seq, body)` rows: `query` selects them already filtered, ordered by `seq` and limited to `page.limit + 1`
    /// rows after `page.after`.
    func page<T: Decodable & Sendable>(_ type: T.Type, _ query: PostgresQuery, _ page: PageRequest) async throws -> Page<T> {
        let items = try await run(query).map { try $0.decode((Int64, String).self) }
        let kept = items.prefix(page.limit)
        let next = items.count > page.limit ? kept.last.map { PageCursor.encode($0.0) } : nil
        return Page(items: try kept.map { try Self.decode(T.self, $0.1) }, nextCursor: next)
    }

    /// Runs `query` (on `connection` inside a transaction, otherwise on a connection of the pool) and reads every row.
    @discardableResult
    func run(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> [PostgresRow] {
        if let connection { return try await connection.query(query, logger: logger).collect() }
        return try await pool.query(query)
    }

    /// Runs `body` in one transaction on one connection.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await pool.transaction(body)
    }

    /// Turns a uniqueness violation (SQLSTATE 23505) into a 409 with a sentence the caller understands.
    @discardableResult
    static func mapConstraint<T>(_ message: @autoclosure () -> String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw FlowGateError.conflict("already-exists", message())
        }
    }
}

extension PageRequest {
    /// The position after which a page starts, as PostgreSQL compares it.
    var afterSeq: Int64 { after ?? 0 }
    /// Rows to fetch: one more than the page holds, to know whether another page follows.
    var fetchLimit: Int { limit + 1 }
}

extension [PostgresRow] {
    /// Every row's columns decoded as `columns`.
    func decode<each Column: PostgresDecodable>(_ columns: (repeat each Column).Type) throws -> [(repeat each Column)] {
        try map { try $0.decode(columns) }
    }
}
