import FlowGateCore
import Foundation
import Logging
import PostgresNIO

/// A connection pool to one PostgreSQL database, running for as long as this object lives.
///
/// postgres-nio's client works only while its `run()` does: it runs in a task owned here and is cancelled by
/// `close()`. Opening checks the connection at once, so a wrong address or password is an error at start that
/// names the database (password masked), never a gateway that hangs on its first request.
final class PostgresPool: Sendable {
    let client: PostgresClient
    let displayName: String
    let logger: Logger
    private let runner: Task<Void, Never>

    /// How long opening waits for the first answer before it gives up.
    static let connectDeadline: Duration = .seconds(10)

    init(_ settings: PostgresSettings, logger: Logger = Logger(label: "flowgate.postgres")) async throws {
        // One connection first, outside the pool: it fails at once with the server's reason (no such database,
        // a refused password, nothing listening), where the pool would keep retrying.
        do {
            let connection = try await PostgresConnection.connect(configuration: settings.connectionConfiguration(), id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw Self.unreachable(settings.displayName, error)
        }
        let client = PostgresClient(configuration: settings.configuration, backgroundLogger: logger)
        self.client = client
        self.displayName = settings.displayName
        self.logger = logger
        self.runner = Task { await client.run() }
        do {
            try await Self.firstAnswer(client, within: Self.connectDeadline, logger: logger)
        } catch {
            runner.cancel()
            throw Self.unreachable(settings.displayName, error)
        }
    }

    /// Runs `body` in a transaction; an error it throws comes out as itself, not wrapped by postgres-nio.
    func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }

    deinit {
        runner.cancel()
    }

    /// Stops the pool; queries fail afterwards.
    func close() {
        runner.cancel()
    }

    /// Runs `SELECT 1`, failing after `deadline` rather than waiting for the pool's retries.
    static func firstAnswer(_ client: PostgresClient, within deadline: Duration, logger: Logger) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.query("SELECT 1", logger: logger) }
            group.addTask {
                try await Task.sleep(for: deadline)
                throw FlowGateError(.unavailable, type: "store-unavailable", detail: "no answer within \(deadline)")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// A clear message for a database that cannot be reached or refuses the login.
    static func unreachable(_ displayName: String, _ error: any Error) -> FlowGateError {
        let reason: String
        if let error = error as? PSQLError {
            // PSQLError's description is redacted on purpose; the server's own message says what went wrong.
            reason = error.serverInfo?[.message] ?? error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
        } else {
            reason = "\(error)"
        }
        return FlowGateError(.unavailable, type: "store-unavailable", detail: "Cannot use the PostgreSQL database \(displayName): \(reason).")
    }
}
