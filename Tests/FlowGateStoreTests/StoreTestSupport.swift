import Foundation
import GRDB
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

/// A fresh directory under the system temporary directory, removed by `withTemporaryDirectory`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Where the test database file lives.
    var databasePath: String { url.appendingPathComponent("flowgate.sqlite").path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    return try await body(directory)
}

/// Runs `body` against a store on a real SQLite file in a fresh directory, removed afterwards (backend tests).
func withFileStore<T>(_ body: (SQLiteStore) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { directory in
        let store = try SQLiteStore(path: directory.databasePath)
        return try await body(store)
    }
}

let fixedDate = Date(timeIntervalSince1970: 1_750_000_000)

/// The gateway instance the tests claim outbox messages as.
let testInstance = "test-instance"

/// An exact decimal from its text, never through a Double literal.
func decimal(_ text: String) -> Decimal {
    guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
        preconditionFailure("not a decimal: \(text)")
    }
    return value
}

/// A record change request from a JSON body, as a client sends it.
func changes(_ json: String, _ entitySet: EntitySet, creating: Bool = true) throws -> RecordChanges {
    let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
    guard case .object(let object) = value else { throw FlowGateError.badRequest("test", "not an object: \(json)") }
    return try RecordChanges.parse(object, entitySet: entitySet, creating: creating)
}

extension Store {
    /// A company named `name` with the given users, ready for setup and records.
    func makeCompany(_ name: String = "CRONUS", users: [String] = []) async throws -> Company {
        let company = try await createCompany(Company(name: name, displayName: "\(name) Ltd.", localCurrencyCode: "EUR", createdAt: fixedDate))
        for user in users { _ = try await createUser(User(userName: user, fullName: user.capitalized, createdAt: fixedDate)) }
        return company
    }

    func createRecord(_ company: Company, _ entitySet: EntitySet, _ json: String) async throws -> BusinessRecord {
        try await createRecord(companyId: company.id, entitySet: entitySet, changes: try changes(json, entitySet), now: fixedDate)
    }
}

extension SQLiteStore {
    func journalMode() async throws -> String? {
        try await writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
    }
}

/// Writes a company straight into a database of an older schema version, for migration tests.
func insertCompany(_ db: Database, _ company: Company) throws {
    try db.execute(
        sql: "INSERT INTO companies (id, name_key, body) VALUES (?, ?, ?)",
        arguments: [company.id.storeKey, SQLiteStore.nameKey(company.name), try SQLiteStore.encode(company)]
    )
}

/// The FlowGateError an async call throws, recorded as an issue when it throws nothing or something else.
func flowGateError(
    _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
) async -> FlowGateError? {
    await #expect(throws: FlowGateError.self, sourceLocation: sourceLocation) { try await body() }
}

extension SQLiteStore {
    /// Every migration this build knows, in order; a file opened by this build has applied exactly these.
    static let migrationNames = [
        "v1-foundation", "v2-workflows", "v3-flow-connector", "v4-workflow-runs", "v5-sealed-secrets", "v6-lease-owners", "v7-job-leases", "v8-flows",
    ]
}

/// The migrations, for tests that build a database of an older version; its key seals nothing they keep.
var testMigrator: DatabaseMigrator {
    get throws { SQLiteMigrations.migrator(sealingWith: try SecretBox(key: SecretBox.randomKey())) }
}
