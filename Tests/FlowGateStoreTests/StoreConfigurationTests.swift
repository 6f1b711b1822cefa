import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

/// `--database` is read once, into a store configuration; everything else asks it.
@Suite struct StoreConfigurationTests {
    @Test("A path is a SQLite file, :memory: an in-memory database, postgres:// and postgresql:// a PostgreSQL URL")
    func parsing() throws {
        #expect(try StoreConfiguration(database: "./data/flowgate.sqlite").backend == .sqliteFile(path: "./data/flowgate.sqlite"))
        #expect(try StoreConfiguration(database: "/tmp/a b.sqlite").backend == .sqliteFile(path: "/tmp/a b.sqlite"))
        #expect(try StoreConfiguration(database: ":memory:").backend == .sqliteInMemory)
        #expect(try StoreConfiguration(database: "postgres://u:p@db:5432/flowgate").backend == .postgres(url: "postgres://u:p@db:5432/flowgate"))
        #expect(try StoreConfiguration(database: "postgresql://db/flowgate").backend == .postgres(url: "postgresql://db/flowgate"))
        #expect(StoreConfiguration.default.backend == .sqliteFile(path: "./.flowgate/flowgate.sqlite"))
    }

    @Test("An empty value or another URL scheme is refused with a message saying what is accepted", arguments: ["", "  ", "mysql://db/x", "file://x.sqlite"])
    func refused(_ database: String) {
        let error = #expect(throws: FlowGateError.self) { try StoreConfiguration(database: database) }
        #expect(error?.type == "invalid-database")
        #expect(error?.detail.contains("SQLite file path, :memory: or a postgres:// URL") == true)
    }

    @Test("Messages name the database with a PostgreSQL password masked")
    func displayName() throws {
        #expect(try StoreConfiguration(database: "postgres://flow:s3cret@db:5432/flowgate").displayName == "postgres://flow:****@db:5432/flowgate")
        #expect(try StoreConfiguration(database: "postgres://db/flowgate").displayName == "postgres://db/flowgate")
        #expect(try StoreConfiguration(database: "x.sqlite").displayName == "x.sqlite")
    }

    @Test("Only a database file has an admin key file beside it")
    func adminKeyFile() throws {
        #expect(try StoreConfiguration(database: "/srv/flowgate/flowgate.sqlite").adminKeyFile == "/srv/flowgate/admin.key")
        #expect(try StoreConfiguration(database: ":memory:").adminKeyFile == nil)
        #expect(try StoreConfiguration(database: "postgres://db/flowgate").adminKeyFile == nil)
    }

    @Test("Serving takes the file's lock: a second serving open of the same file is refused, a plain open is not")
    func serveLock() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = try StoreConfiguration(database: directory.databasePath)
            _ = try await configuration.open(serving: true)
            let error = await #expect(throws: FlowGateError.self) { _ = try await configuration.open(serving: true) }
            #expect(error?.detail == "Another flowgate serve is already using \(directory.databasePath); run one serve per database file.")
            _ = try await configuration.open()
        }
    }

    @Test("A PostgreSQL URL that names no user is refused before any connection")
    func postgresWithoutUser() async throws {
        let error = await #expect(throws: FlowGateError.self) { _ = try await StoreConfiguration(database: "postgres://db/flowgate").open() }
        #expect(error?.type == "invalid-database")
    }
}
