import Foundation
import Logging
import PostgresNIO

/// Noticing that the database is back. postgres-nio's pool retries its connections with a backoff that grows to a
/// minute, so after a long outage it could take that long to serve again. Instead, once the database could not be
/// reached, a probe connects every second; when it answers after having failed, the pool is replaced by a fresh
/// one, which connects at once. The old one is stopped a little later, so operations still on it can end.
extension PostgresPool {
    static let probeInterval: Duration = .seconds(1)
    /// How long the replaced client keeps running for the operations still on it.
    static let replacedClientGrace: Duration = .seconds(10)

    /// Starts probing for the database, unless a probe already runs.
    func startRecovery(after error: any Error) {
        state.withLock { state in
            guard state.recovery == nil, !state.closed else { return }
            logger.warning(
                "PostgreSQL \(displayName) does not answer; requests get 503 until it does",
                metadata: ["error": "\(Self.unreachable(displayName, error).detail)"]
            )
            state.recovery = Task { await self.recover(after: error) }
        }
    }

    private func recover(after error: any Error) async {
        // The pool failed to hand over a connection (its circuit breaker, or nothing in time): it may be in a long
        // backoff, so it is replaced even if the database answers the first probe. A statement that lost its
        // connection alone is the pool's to handle.
        var replace = !(error is PSQLError)
        while !Task.isCancelled {
            do {
                try await Self.probe(settings, logger: logger)
                break
            } catch {
                replace = true
                state.withLock { $0.knownDown = true }
                try? await Task.sleep(for: Self.probeInterval)
            }
        }
        guard !Task.isCancelled else { return }
        if replace { replaceClient() }
        state.withLock { state in
            state.knownDown = false
            state.recovery = nil
        }
        logger.notice("PostgreSQL \(displayName) answers again")
    }

    private func replaceClient() {
        let client = PostgresClient(configuration: settings.configuration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let replaced = state.withLock { state -> Task<Void, Never>? in
            guard !state.closed else { return nil }
            defer { (state.client, state.runner) = (client, runner) }
            return state.runner
        }
        guard let replaced else {
            runner.cancel()
            return
        }
        Task {
            try? await Task.sleep(for: Self.replacedClientGrace)
            replaced.cancel()
        }
    }

    /// One connection outside the pool, closed at once: it fails with the server's own reason.
    static func probe(_ settings: PostgresSettings, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(configuration: settings.connectionConfiguration(), id: 0, logger: logger)
        try await connection.close()
    }
}
