import FlowGateApp
import Foundation
import Logging
import ServiceLifecycle

/// Delegates overdue approval requests to substitutes on a schedule (Delegate After), as Business
/// Central's job queue runs report 1511 "Delegate Approval Requests".
struct DelegationScheduler: Service {
    let approvals: Approvals
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let moved = try await approvals.delegateOverdueEntries()
                if moved > 0 { logger.info("Delegated overdue approval requests", metadata: ["count": "\(moved)"]) }
            } catch {
                logger.error("Delegating overdue approval requests failed", metadata: ["error": "\(error)"])
            }
            try? await gracefulShutdownOrCancel(sleeping: interval)
        }
    }

    /// Sleeps for `duration`, returning early when the service group shuts down.
    private func gracefulShutdownOrCancel(sleeping duration: Duration) async throws {
        try await cancelWhenGracefulShutdown {
            try await Task.sleep(for: duration)
        }
    }
}
