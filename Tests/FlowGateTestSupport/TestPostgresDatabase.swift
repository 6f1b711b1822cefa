import Foundation
import Logging
import PostgresNIO
import Testing

/// A new database on the private PostgreSQL server `scripts/test` starts (FLOWGATE_TEST_POSTGRES_URL), made and
/// dropped over one connection of its own (not with psql: launching processes from parallel tests is not safe).
public struct TestPostgresDatabase: Sendable {
    public let url: String
    let server: URLComponents
    let name: String

    public static func create(sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestPostgresDatabase {
        let text = try #require(
            ProcessInfo.processInfo.environment["FLOWGATE_TEST_POSTGRES_URL"],
            "The PostgreSQL tests need FLOWGATE_TEST_POSTGRES_URL: run them through scripts/test, which starts a private server.",
            sourceLocation: sourceLocation
        )
        let server = try #require(URLComponents(string: text))
        let name = "flowgate_gateway_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await execute(server, "CREATE DATABASE \(name)")
        var url = server
        url.path = "/" + name
        return TestPostgresDatabase(url: try #require(url.string), server: server, name: name)
    }

    public func drop() async {
        try? await Self.execute(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    private static func execute(_ server: URLComponents, _ command: String) async throws {
        let configuration = PostgresConnection.Configuration(
            host: server.host ?? "127.0.0.1", port: server.port ?? 5432, username: server.user ?? "flowgate", password: server.password,
            database: server.path.split(separator: "/").first.map(String.init), tls: .disable
        )
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Logger(label: "flowgate.tests"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: command), logger: Logger(label: "flowgate.tests"))
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
