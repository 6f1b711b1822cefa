import FlowGateCore
import Foundation
import GRDB
import Logging

/// The embedded store: one SQLite file in WAL mode, or memory for tests.
public final class SQLiteStore: Store {
    let writer: any DatabaseWriter
    /// Shares write transactions between concurrent outcomes, the store's busiest writes.
    let outcomeCommits: GroupCommit
    /// Rows every request reads, so that a hit needs no hop to the database queue. Only this process's commits
    /// empty them: like the outbox's leases, they assume one gateway process per database file.
    let caches = ReadCaches()
    /// The database file, or nil in memory.
    public let path: String?
    /// Seals secrets (webhook signing secrets) before they are written and opens them when read.
    let secrets: SecretBox

    private init(writer: any DatabaseWriter, path: String?, secrets: SecretBox) throws {
        self.writer = writer
        self.outcomeCommits = GroupCommit(writer: writer)
        self.path = path
        self.secrets = secrets
        let migrator = SQLiteMigrations.migrator(sealingWith: secrets)
        let sealedBefore = try writer.read { try migrator.appliedIdentifiers($0).contains(SQLiteMigrations.sealedSecretsMigration) }
        try migrator.migrate(writer)
        try Self.checkSecretKey(writer, secrets)
        if !sealedBefore, path != nil { try Self.eraseClearSecrets(writer) }
        caches.observe(writer)
    }

    /// Opens (creating if needed) the database file and brings its schema up to date.
    ///
    /// The file and its directory are created private to this account. Secrets are sealed with the key in
    /// `secretKeyFile` (by default `<path>.key`), created on first start.
    public convenience init(path: String, secretKeyFile: String? = nil) throws {
        try PrivateFiles.createDirectory(containing: path)
        if !(try PrivateFiles.createFile(path)) {
            let exposed = PrivateFiles.exposed([path, path + "-wal", path + "-shm"])
            if !exposed.isEmpty {
                Logger(label: "flowgate").warning(
                    "Database files are readable by other accounts: \(exposed.joined(separator: ", ")). They hold all business data; run: chmod 600 \(exposed.joined(separator: " "))"
                )
            }
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration())
        } catch {
            throw FlowGateError(.unavailable, type: "store-unavailable", detail: "Cannot open SQLite database at \(path): \(error)")
        }
        let keyFile = secretKeyFile ?? SecretKeyFile.defaultPath(forDatabase: path)
        let secrets = try SecretKeyFile.loadOrCreate(keyFile, databaseHasSealedSecrets: try Self.recordedSecretKeyId(pool) != nil)
        try self.init(writer: pool, path: path, secrets: secrets)
    }

    /// A private in-memory database, gone when the store is released; its secrets are sealed with a key that
    /// lives as long as the store.
    public static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(writer: DatabaseQueue(configuration: configuration()), path: nil, secrets: SecretBox(key: SecretBox.randomKey()))
    }

    /// Whether the file was written by a newer FlowGate whose migrations this build does not know.
    public func isNewerThanThisBuild() async throws -> Bool {
        let migrator = SQLiteMigrations.migrator(sealingWith: secrets)
        return try await writer.read { try migrator.hasBeenSuperseded($0) }
    }

    /// The migrations applied to this database, oldest first.
    public func appliedMigrations() async throws -> [String] {
        let migrator = SQLiteMigrations.migrator(sealingWith: secrets)
        return try await writer.read { try migrator.appliedMigrations($0) }
    }

    /// SQLite's own consistency check; an empty list means the file is sound.
    public func integrityProblems() async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
        }
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        // Wait for a concurrent writer (another process on the same file) instead of failing at once.
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // WAL + NORMAL: a crash can lose the last transactions' fsync, never consistency.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            // Temporary files in memory. Above all the statement journal that GroupCommit's savepoints keep: it
            // went to a temporary file once over 64 KiB, which busy batches passed, more writes than the WAL's.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        return configuration
    }

    public func checkReady() async throws {
        _ = try await writer.read { try Int.fetchOne($0, sql: "SELECT 1") }
    }

    // MARK: Shared helpers

    static func decode<T: Decodable>(_ type: T.Type, _ body: String) throws -> T {
        try BodyCoding.decoder.decode(T.self, from: Data(body.utf8))
    }

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try BodyCoding.encoder.encode(value), as: UTF8.self)
    }

    /// Runs a paged `SELECT seq, body ...` whose SQL ends before `ORDER BY`.
    static func page<T: Decodable & Sendable>(
        _ db: Database, _ type: T.Type, sql: String, arguments: StatementArguments, _ page: PageRequest
    ) throws -> Page<T> {
        try self.page(db, sql: sql, arguments: arguments, page) { try decode(T.self, $0["body"]) }
    }

    /// Runs a paged query whose SQL ends before `ORDER BY` and selects the row's position as `seq`; `position`
    /// is that column as the WHERE clause names it (qualified when the query joins tables). Lists run in
    /// ascending position, oldest first, from after the cursor's.
    static func page<T: Sendable>(
        _ db: Database, sql: String, arguments: StatementArguments, _ page: PageRequest, position: String = "seq",
        item: (Row) throws -> T
    ) throws -> Page<T> {
        var arguments = arguments
        arguments += [page.after ?? 0, page.limit + 1]
        // A list's SQL varies only with which filters are set, so the statement cache stays small.
        let statement = try db.cachedStatement(sql: sql + " AND \(position) > ? ORDER BY \(position) LIMIT ?")
        let rows = try Row.fetchAll(statement, arguments: arguments)
        let kept = rows.prefix(page.limit)
        let items = try kept.map(item)
        let next = rows.count > page.limit ? kept.last.map { PageCursor.encode($0["seq"]) } : nil
        return Page(items: items, nextCursor: next)
    }

    /// Adds `AND column IN (…)` for a set of ids; an empty set matches nothing.
    static func restrict(_ sql: inout String, _ arguments: inout StatementArguments, column: String, to ids: Set<UUID>) {
        guard !ids.isEmpty else { sql += " AND 0"; return }
        sql += " AND \(column) IN (" + Array(repeating: "?", count: ids.count).joined(separator: ", ") + ")"
        arguments += StatementArguments(ids.map(\.storeKey).sorted())
    }

    /// Turns a uniqueness violation into a 409 with a sentence the caller understands.
    static func mapConstraint<T>(_ message: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw FlowGateError.conflict("already-exists", message())
        }
    }
}

/// JSON bodies keep dates as exact floating-point seconds, so a value reads back equal to what was stored.
/// Keys stay in declaration order: sorting them costs every write and no reader needs it.
enum BodyCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .deferredToDate
        return encoder
    }()
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .deferredToDate
        return decoder
    }()
}
