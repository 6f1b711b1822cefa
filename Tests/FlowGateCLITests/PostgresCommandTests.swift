import Foundation
import Testing

/// The command line on a PostgreSQL database (the private server `scripts/test` starts).
@Suite("flowgate on PostgreSQL", .serialized)
struct PostgresCommandTests {
    static func serverURL(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(
            ProcessInfo.processInfo.environment["FLOWGATE_TEST_POSTGRES_URL"],
            "The PostgreSQL tests need FLOWGATE_TEST_POSTGRES_URL: run them through scripts/test, which starts a private server.",
            sourceLocation: sourceLocation
        )
    }

    @Test("migrate creates the schema once and says so; a second migrate finds it up to date")
    func migrate() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try Self.serverURL()
        let first = try GatewayProcess(["migrate", "--database", url], directory: directory)
        #expect(try await first.waitForExit() == 0, "\(first.stderr)")
        let second = try GatewayProcess(["migrate", "--database", url], directory: directory)
        #expect(try await second.waitForExit() == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Database \(url) is up to date."), "\(second.stdout)")
    }

    @Test("A database that cannot be used stops migrate at once with a message naming it, password masked")
    func unusableDatabase() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var url = try #require(URLComponents(string: try Self.serverURL()))
        url.password = "s3cret"
        url.path = "/no_such_database"
        let started = ContinuousClock.now
        let migrate = try GatewayProcess(["migrate", "--database", try #require(url.string)], directory: directory)
        #expect(try await migrate.waitForExit() != 0)
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(migrate.stderr.contains("Cannot use the PostgreSQL database"), "\(migrate.stderr)")
        #expect(migrate.stderr.contains("no_such_database") && !migrate.stderr.contains("s3cret"), "\(migrate.stderr)")
    }
}
