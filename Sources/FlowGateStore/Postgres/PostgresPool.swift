import FlowGateCore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// A connection pool to one PostgreSQL database, running for as long as this object lives.
///
/// postgres-nio's client works only while its `run()` does: it runs in a task owned here and is cancelled by
/// `close()`. Opening checks the connection at once, so a wrong address or password is an error at start that
/// names the database (password masked), never a gateway that hangs on its first request.
///
/// While the database is unreachable every operation fails within `acquireDeadline` with a 503 error
/// (`store-unavailable`), and at once while it is known to be down; `PostgresPool+Recovery` notices its return
/// within a second and starts a fresh client, rather than waiting out the pool's own reconnection backoff (up to a
/// minute after a long outage).
final class PostgresPool: Sendable {
    let displayName: String
    let logger: Logger
    let settings: PostgresSettings
    let state: Mutex<State>

    struct State {
        var client: PostgresClient
        var runner: Task<Void, Never>
        /// Probing for the database's return, after a failure to reach it.
        var recovery: Task<Void, Never>?
        /// Runners of replaced clients, stopped after a grace period (or by `close()`).
        var retiring: [Task<Void, Never>] = []
        /// A probe failed: operations fail at once until the database answers again.
        var knownDown = false
        var closed = false
    }

    /// How long opening waits for the first answer before it gives up.
    static let connectDeadline: Duration = .seconds(10)
    /// How long an operation waits for a connection before it answers 503. A healthy pool hands one over in
    /// milliseconds; an unreachable database would otherwise hold every request until the pool gives up.
    static let acquireDeadline: Duration = .seconds(5)

    init(_ settings: PostgresSettings, logger: Logger = Logger(label: "flowgate.postgres")) async throws {
        // One connection first, outside the pool: it fails at once with the server's reason (no such database,
        // a refused password, nothing listening), where the pool would keep retrying.
        do {
            try await Self.probe(settings, logger: logger)
        } catch {
            throw Self.unreachable(settings.displayName, error)
        }
        let client = PostgresClient(configuration: settings.configuration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        self.settings = settings
        self.displayName = settings.displayName
        self.logger = logger
        self.state = Mutex(State(client: client, runner: runner))
        do {
            try await Self.firstAnswer(client, within: Self.connectDeadline, logger: logger)
        } catch {
            runner.cancel()
            throw Self.unreachable(settings.displayName, error)
        }
    }

    deinit {
        close()
    }

    /// Stops the pool, its probe and any replaced client still in its grace period; operations fail afterwards.
    func close() {
        state.withLock { state in
            state.closed = true
            state.runner.cancel()
            state.recovery?.cancel()
            state.retiring.forEach { $0.cancel() }
        }
    }

    // MARK: Operations

    /// Runs `body` on one connection of the pool. An error `body` throws comes out as itself.
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await leasing { client, claim in
            try await client.withConnection { connection in
                try claim()
                return try await Self.marking(body, connection)
            }
        }
    }

    /// Runs `body` in a transaction. An error `body` throws comes out as itself, not wrapped by postgres-nio.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await leasing { [logger] client, claim in
            try await client.withConnection { connection in
                // Claimed before BEGIN: once the deadline has passed, nothing of the transaction runs.
                try claim()
                do {
                    return try await connection.withTransaction(logger: logger) { connection in try await Self.marking(body, connection) }
                } catch let error as PostgresTransactionError {
                    // The body's own error; else the failed BEGIN or COMMIT, judged like any statement's error.
                    throw error.closureError ?? error.commitError ?? error.beginError ?? error
                }
            }
        }
    }

    /// Runs one statement on a connection of the pool and reads every row it returns.
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withConnection { [logger] connection in try await connection.query(query, logger: logger).collect() }
    }

    // MARK: Failures

    /// An error the operation's own body threw, kept apart from the pool's errors on the way out.
    private struct BodyError: Error {
        let error: any Error
    }

    private static func marking<T>(_ body: (PostgresConnection) async throws -> T, _ connection: PostgresConnection) async throws -> T {
        do {
            return try await body(connection)
        } catch {
            throw BodyError(error: error)
        }
    }

    /// Runs `operation` on the current client: fails with `store-unavailable` when the database is known to be
    /// down, or when no connection is handed over within `acquireDeadline`; a failure to reach the database
    /// (rather than an error of the statement) starts the recovery.
    ///
    /// `operation` must call the claim it is given as soon as it holds a connection, before any statement: the
    /// claim and the deadline exclude each other, so an operation either runs whole or not at all.
    private func leasing<T: Sendable>(
        _ operation: @escaping @Sendable (PostgresClient, _ claim: @escaping @Sendable () throws -> Void) async throws -> T
    ) async throws -> T {
        let (client, knownDown) = state.withLock { ($0.client, $0.knownDown) }
        if knownDown { throw Self.unreachable(displayName, DatabaseDown()) }
        let lease = LeaseState()
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await operation(client) {
                        guard lease.claim() else { throw NoConnectionInTime() }
                    }
                }
                group.addTask {
                    try await Task.sleep(for: Self.acquireDeadline)
                    if lease.expire() { throw NoConnectionInTime() }
                    return nil
                }
                defer { group.cancelAll() }
                while let result = try await group.next() {
                    if let value = result { return value }
                }
                throw NoConnectionInTime()
            }
        } catch let error as BodyError {
            // A statement that lost its connection means the database went away; anything else is the body's own.
            if !Task.isCancelled, let lost = error.error as? PSQLError, Self.isConnectionLoss(lost) {
                startRecovery(after: lost, on: client)
                throw Self.unreachable(displayName, lost)
            }
            throw error.error
        } catch where Task.isCancelled {
            throw CancellationError()
        } catch let error as PSQLError where !Self.isConnectionLoss(error) {
            // A statement's error outside the body (at COMMIT, say): the database answered.
            throw error
        } catch {
            // Nothing answered: no connection in time, the pool's circuit breaker, or a connection that broke.
            startRecovery(after: error, on: client)
            throw Self.unreachable(displayName, error)
        }
    }

    /// The connection broke or the server is going away, as opposed to an error in the statement: the server's
    /// SQLSTATE class 08 (connection exception) or 57P (shutting down, starting up), or a connection that failed,
    /// closed or broke off.
    static func isConnectionLoss(_ error: PSQLError) -> Bool {
        if let state = error.serverInfo?[.sqlState] { return state.hasPrefix("08") || state.hasPrefix("57P") }
        return [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown].contains(error.code)
    }

    /// Whether the operation got its connection before the deadline, or the deadline passed first: exactly one wins.
    private final class LeaseState: Sendable {
        private static let (pending, claimed, expired) = (0, 1, 2)
        private let value = Atomic<Int>(LeaseState.pending)
        /// The operation holds a connection: true when it may run, false when the deadline has passed.
        func claim() -> Bool { value.compareExchange(expected: Self.pending, desired: Self.claimed, ordering: .acquiringAndReleasing).exchanged }
        /// The deadline passed: true when the operation had not claimed its connection (and now never will).
        func expire() -> Bool { value.compareExchange(expected: Self.pending, desired: Self.expired, ordering: .acquiringAndReleasing).exchanged }
    }

    struct NoConnectionInTime: Error, CustomStringConvertible {
        var description: String { "no connection within \(PostgresPool.acquireDeadline)" }
    }

    struct DatabaseDown: Error, CustomStringConvertible {
        var description: String { "it does not answer; retrying every second" }
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
