import Foundation
import Logging
import PostgresNIO

/// Noticing that the database is back. postgres-nio's pool retries its connections with a backoff that grows to a
/// minute, so after a long outage it could take that long to serve again. Instead, once the database could not be
/// reached, a probe connects every second; when it answers after having failed, the pool is replaced by a fresh
/// one, which connects at once. The old one is stopped a little later, so operations still on it can end.
extension PostgresPool {
    static let probeInterval: Duration = .seconds(1)
    /// How long a replaced client keeps running for the operations still on it.
    static let replacedClientGrace: Duration = .seconds(10)

    /// Starts probing for the database after `error` on `client`, unless a probe already runs or `client` has been
    /// replaced meanwhile (its failures are the old pool's, not news about the database).
    func startRecovery(after error: any Error, on client: PostgresClient) {
        let started = state.withLock { state -> Bool in
            guard state.recovery == nil, !state.closed, state.client === client else { return false }
            // The pool's own give-up (its circuit breaker) means it may sit in a long backoff: it is replaced even
            // if the database answers the first probe. A lost connection, or a wait for one that ran out, are the
            // pool's to handle while the database answers.
            let replace = !(error is PSQLError) && !(error is NoConnectionInTime)
            state.recovery = Task { [weak self] in await self?.recover(replace: replace) }
            return true
        }
        if started {
            logger.warning(
                "PostgreSQL \(displayName) did not answer; probing it every second",
                metadata: ["error": "\(Self.unreachable(displayName, error).detail)"]
            )
        }
    }

    private func recover(replace replaceAtFirst: Bool) async {
        var replace = replaceAtFirst
        while !Task.isCancelled {
            do {
                try await Self.probe(settings, logger: logger)
                break
            } catch {
                replace = true
                // Nothing listens, or the server is going away: fail at once until it answers. A server that answers
                // but refuses (too many connections, a changed password) is left to the pool's own connections.
                let unreachable = (error as? PSQLError).map(Self.isConnectionLoss) ?? true
                if unreachable { state.withLock { $0.knownDown = true } }
                try? await Task.sleep(for: Self.probeInterval)
            }
        }
        guard !Task.isCancelled else { return }
        if replace { replaceClient() }
        let wasDown = state.withLock { state in
            defer {
                state.knownDown = false
                state.recovery = nil
            }
            return state.knownDown
        }
        if wasDown { logger.notice("PostgreSQL \(displayName) answers again") }
    }

    private func replaceClient() {
        let client = PostgresClient(configuration: settings.configuration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let replaced = state.withLock { state -> Task<Void, Never>? in
            guard !state.closed else { return nil }
            let old = state.runner
            (state.client, state.runner) = (client, runner)
            state.retiring = state.retiring.filter { !$0.isCancelled } + [old]
            return old
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
