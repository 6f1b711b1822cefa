import Foundation
import Logging
import PostgresNIO
import Testing

@testable import FlowGateStore

/// The private PostgreSQL server `scripts/with-postgres` starts for the tests (`scripts/test` runs the suite
/// inside it). Each test gets a database of its own, dropped afterwards.
enum PostgresTestServer {
    static let urlVariable = "FLOWGATE_TEST_POSTGRES_URL"

    /// The server's URL; a test without it fails with a message saying how to get one, it is never skipped.
    static func url(sourceLocation: SourceLocation = #_sourceLocation) throws -> URLComponents {
        let text = ProcessInfo.processInfo.environment[urlVariable]
        let url = try #require(
            text.flatMap(URLComponents.init(string:)),
            "The PostgreSQL tests need \(urlVariable): run them through scripts/test, which starts a private server (scripts/with-postgres).",
            sourceLocation: sourceLocation
        )
        return url
    }

    /// At most this many test databases exist at once: the server shares the machine's two cores with the rest of
    /// the suite, whose timing tests must not starve.
    static let permits = TestPermits(2)

    /// Runs `body` with the URL of a new, empty database, dropped afterwards.
    static func withDatabase<T>(sourceLocation: SourceLocation = #_sourceLocation, _ body: (String) async throws -> T) async throws -> T {
        let server = try url(sourceLocation: sourceLocation)
        await permits.acquire()
        defer { Task { await permits.release() } }
        let name = "flowgate_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try await PostgresPool(PostgresSettings(url: server.string ?? "", displayName: "the test server"))
        defer { admin.close() }
        _ = try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        var database = server
        database.path = "/" + name
        do {
            let result = try await body(database.string ?? "")
            try await drop(name, admin)
            return result
        } catch {
            try? await drop(name, admin)
            throw error
        }
    }

    private static func drop(_ name: String, _ admin: PostgresPool) async throws {
        _ = try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
    }
}

/// A counting semaphore for tests that must not all run at once.
actor TestPermits {
    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) {
        available = count
    }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            available += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
