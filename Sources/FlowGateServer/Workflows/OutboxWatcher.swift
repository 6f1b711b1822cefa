import FlowGateStore
import Foundation
import Logging
import ServiceLifecycle

/// Wakes this instance's dispatcher when another instance writes outbox messages (PostgreSQL's LISTEN/NOTIFY).
/// When the connection drops it listens again after a pause; meanwhile the dispatcher's polling delivers.
struct OutboxWatcher: Service {
    let wakeups: any OutboxWakeups
    let wake: @Sendable () -> Void
    let logger: Logger

    func run() async throws {
        var lastFailure: ContinuousClock.Instant?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await wakeups.watchOutbox(wake) }
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                // One warning per outage, not one a second while the database is down.
                let now = ContinuousClock.now
                if lastFailure.map({ now - $0 > .seconds(10) }) ?? true {
                    logger.warning("Lost the outbox notifications; polling until they are back", metadata: ["error": "\(error)"])
                }
                lastFailure = now
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
        }
    }
}
