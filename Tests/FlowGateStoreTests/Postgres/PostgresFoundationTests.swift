import Foundation
import Logging
import PostgresNIO
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

/// Connecting to PostgreSQL and migrating it, on a real server.
@Suite struct PostgresFoundationTests {
    func open(_ url: String) async throws -> PostgresPool {
        let configuration = try StoreConfiguration(database: url)
        return try await PostgresPool(PostgresSettings(url: url, displayName: configuration.displayName))
    }

    @Test("Migrating a new database applies every migration once; migrating again applies none")
    func migratesOnce() async throws {
        try await PostgresTestServer.withDatabase { url in
            let configuration = try StoreConfiguration(database: url)
            #expect(try await configuration.migrate() == PostgresMigrations.all.map(\.name))
            #expect(try await configuration.migrate() == [])
            let database = try await open(url)
            defer { database.close() }
            #expect(try await PostgresMigrations.applied(database) == PostgresMigrations.all.map(\.name))
        }
    }

    @Test("Instances starting together migrate under the advisory lock: each migration is applied exactly once")
    func concurrentMigrations() async throws {
        try await PostgresTestServer.withDatabase { url in
            let configuration = try StoreConfiguration(database: url)
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 { group.addTask { try await configuration.migrate() } }
                return try await group.reduce(into: [[String]]()) { $0.append($1) }
            }
            #expect(applied.flatMap { $0 }.sorted() == PostgresMigrations.all.map(\.name).sorted())
        }
    }

    @Test("A database migrated by a newer FlowGate is refused, not changed")
    func newerDatabaseRefused() async throws {
        try await PostgresTestServer.withDatabase { url in
            let configuration = try StoreConfiguration(database: url)
            _ = try await configuration.migrate()
            let database = try await open(url)
            defer { database.close() }
            _ = try await database.query("INSERT INTO flowgate_migrations (name) VALUES ('v99-from-the-future')")
            let error = await #expect(throws: FlowGateError.self) { _ = try await configuration.migrate() }
            #expect(error?.type == "database-newer")
        }
    }

    @Test("A database that does not exist is an error at once that names it")
    func missingDatabase() async throws {
        var url = try PostgresTestServer.url()
        url.path = "/no_such_database"
        let text = try #require(url.string)
        let error = await #expect(throws: FlowGateError.self) { _ = try await open(text) }
        #expect(error?.detail.hasPrefix("Cannot use the PostgreSQL database \(text):") == true)
        #expect(error?.detail.contains("no_such_database") == true)
    }

    @Test("A server that does not answer is an error within seconds, naming the database with its password masked")
    func unreachableServer() async throws {
        let port = try closedPort()
        let url = "postgres://flowgate:s3cret@127.0.0.1:\(port)/flowgate"
        let started = ContinuousClock.now
        let error = await #expect(throws: FlowGateError.self) { _ = try await open(url) }
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(error?.detail.contains("postgres://flowgate:****@127.0.0.1:\(port)/flowgate") == true)
        #expect(error?.detail.contains("s3cret") == false)
    }

    /// A loopback port nothing listens on.
    func closedPort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// `sslmode` and the other parts of a PostgreSQL URL, without a server.
@Suite struct PostgresSettingsTests {
    @Test("User, password, host, port and database come from the URL; the database defaults to the user's name")
    func parts() throws {
        let settings = try PostgresSettings(url: "postgres://flow:p%40ss@db.example:6543/gateway", displayName: "x")
        #expect(settings.configuration.username == "flow" && settings.configuration.password == "p@ss")
        #expect(settings.configuration.host == "db.example" && settings.configuration.port == 6543)
        #expect(settings.configuration.database == "gateway")
        #expect(try PostgresSettings(url: "postgresql://flow@db", displayName: "x").configuration.database == "flow")
        #expect(try PostgresSettings(url: "postgresql://flow@db", displayName: "x").configuration.port == 5432)
    }

    @Test("Every libpq sslmode is understood", arguments: ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"])
    func sslModes(_ mode: String) throws {
        _ = try PostgresSettings(url: "postgres://flow@db/gateway?sslmode=\(mode)", displayName: "x")
    }

    @Test("connection_limit caps the instance's pool; 20 connections when not given")
    func connectionLimit() throws {
        #expect(try PostgresSettings(url: "postgres://flow@db/gateway", displayName: "x").configuration.options.maximumConnections == 20)
        let limited = try PostgresSettings(url: "postgres://flow@db/gateway?sslmode=disable&connection_limit=8", displayName: "x")
        #expect(limited.configuration.options.maximumConnections == 8)
    }

    @Test("A URL without user or host, an unknown sslmode or parameter is refused with the reason", arguments: [
        "postgres://db/gateway", "postgres:///gateway", "postgres://flow@db/gateway?sslmode=sometimes", "postgres://flow@db/gateway?pool=5",
        "postgres://flow@db/gateway?connection_limit=0", "postgres://flow@db/gateway?connection_limit=many",
    ])
    func refused(_ url: String) {
        let error = #expect(throws: FlowGateError.self) { _ = try PostgresSettings(url: url, displayName: "shown") }
        #expect(error?.type == "invalid-database")
    }
}
