import FlowGateCore
import Foundation
import Testing

@testable import FlowGateStore

/// A backend the store contract suite runs on, opened through `StoreConfiguration` as the gateway opens it.
/// A new backend is one more entry in `all`; every contract test then runs on it too.
struct StoreBackend: Sendable, CustomTestStringConvertible {
    enum Kind: Sendable {
        case sqliteFile, sqliteMemory, postgres
    }

    let name: String
    let kind: Kind

    var testDescription: String { name }

    static let sqliteFile = StoreBackend(name: "SQLite file", kind: .sqliteFile)
    static let sqliteMemory = StoreBackend(name: "SQLite :memory:", kind: .sqliteMemory)
    /// A new database on the private server `scripts/test` starts (`scripts/with-postgres`).
    static let postgres = StoreBackend(name: "PostgreSQL", kind: .postgres)

    static let all: [StoreBackend] = [sqliteFile, sqliteMemory, postgres]

    /// Runs `body` against a fresh, empty store of this backend, removed afterwards.
    func withStore<T>(_ body: (any Store) async throws -> T) async throws -> T {
        try await withTemporaryDirectory { directory in
            switch kind {
            case .sqliteFile:
                return try await body(try await StoreConfiguration(database: directory.databasePath).open())
            case .sqliteMemory:
                return try await body(try await StoreConfiguration(database: ":memory:").open())
            case .postgres:
                return try await PostgresTestServer.withDatabase { url in
                    let keyFile = directory.url.appendingPathComponent("secret.key").path
                    return try await body(try await StoreConfiguration(database: url, secretKeyFile: keyFile).open())
                }
            }
        }
    }
}

extension Store {
    /// Whether a run of the workflow still waits for an event, as the store's step instances show it.
    func hasActiveRun(_ companyId: UUID, _ workflowCode: String) async throws -> Bool {
        var page = PageRequest(limit: PageRequest.maximumLimit)
        while true {
            let result = try await stepInstances(companyId: companyId, recordId: nil, page)
            if result.items.contains(where: { $0.workflowCode == workflowCode && $0.status == .active }) { return true }
            guard let cursor = result.nextCursor else { return false }
            page.after = try #require(PageCursor.decode(cursor))
        }
    }
}
