import FlowGateCore
import Foundation

/// Where the gateway keeps its state, parsed once from `--database` / `FLOWGATE_DATABASE`: a SQLite file (the
/// embedded default), a private in-memory SQLite database (`:memory:`), or a PostgreSQL URL.
public struct StoreConfiguration: Sendable, Equatable {
    public enum Backend: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteInMemory
        case postgres(url: String)
    }

    public static let defaultDatabasePath = "./.flowgate/flowgate.sqlite"

    public var backend: Backend
    /// The file holding the key that seals secrets at rest (`--secret-key-file`); by default `<database>.key`
    /// beside a SQLite file.
    public var secretKeyFile: String?

    public init(backend: Backend, secretKeyFile: String? = nil) {
        self.backend = backend
        self.secretKeyFile = secretKeyFile
    }

    /// Parses a `--database` value: `:memory:`, `postgres://…` or `postgresql://…`, or a file path.
    public init(database: String, secretKeyFile: String? = nil) throws {
        let text = database.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw Self.invalid("The database is empty; give a SQLite file path, :memory: or a postgres:// URL.") }
        if text == ":memory:" {
            backend = .sqliteInMemory
        } else if let scheme = Self.scheme(of: text) {
            guard ["postgres", "postgresql"].contains(scheme) else {
                throw Self.invalid("Unsupported database URL scheme '\(scheme)://'; give a SQLite file path, :memory: or a postgres:// URL.")
            }
            backend = .postgres(url: text)
        } else {
            backend = .sqliteFile(path: text)
        }
        self.secretKeyFile = secretKeyFile
    }

    /// The default: a SQLite file under `./.flowgate`.
    public static var `default`: StoreConfiguration {
        StoreConfiguration(backend: .sqliteFile(path: defaultDatabasePath))
    }

    /// The database as logs and messages name it: a PostgreSQL URL with its password masked.
    public var displayName: String {
        switch backend {
        case .sqliteFile(let path): path
        case .sqliteInMemory: ":memory:"
        case .postgres(let url): Self.maskingPassword(url)
        }
    }

    /// Where the first start writes the admin key: beside a database file only. Other databases have no
    /// directory of the gateway's own; their key is printed once.
    public var adminKeyFile: String? {
        guard case .sqliteFile(let path) = backend else { return nil }
        return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("admin.key").path
    }

    /// Where a PostgreSQL store's secret key lives when `--secret-key-file` is not given. Every instance on the
    /// database needs the same file.
    public static let defaultPostgresKeyFile = "./.flowgate/postgres.key"

    /// Opens the store and brings its schema up to date. `serving` takes what one serving gateway must own: for a
    /// SQLite file, the lock that keeps a second `serve` off it (several instances share a PostgreSQL database).
    public func open(serving: Bool = false) async throws -> any Store {
        switch backend {
        case .sqliteInMemory:
            return try SQLiteStore.inMemory()
        case .sqliteFile(let path):
            if serving { try ServeLock.acquire(forDatabase: path) }
            return try SQLiteStore(path: path, secretKeyFile: secretKeyFile)
        case .postgres(let url):
            return try await PostgresStore.open(
                PostgresSettings(url: url, displayName: displayName), secretKeyFile: secretKeyFile ?? Self.defaultPostgresKeyFile
            )
        }
    }

    /// Creates or upgrades the database's schema (`flowgate migrate`); returns the migrations applied now. A
    /// PostgreSQL database is migrated under an advisory lock, so instances starting together do not race.
    public func migrate() async throws -> [String] {
        switch backend {
        case .sqliteInMemory, .sqliteFile:
            _ = try await open()
            return []
        case .postgres(let url):
            let database = try await PostgresPool(PostgresSettings(url: url, displayName: displayName))
            defer { database.close() }
            return try await PostgresMigrations.migrate(database)
        }
    }

    /// The URL scheme of `text`, lower-cased, when it starts like a URL (`scheme://`).
    private static func scheme(of text: String) -> String? {
        guard let range = text.range(of: "://") else { return nil }
        let scheme = text[..<range.lowerBound]
        guard let first = scheme.first, first.isLetter, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else { return nil }
        return scheme.lowercased()
    }

    private static func maskingPassword(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "****"
        return components.string ?? url
    }

    private static func invalid(_ detail: String) -> FlowGateError {
        FlowGateError.badRequest("invalid-database", detail)
    }
}
