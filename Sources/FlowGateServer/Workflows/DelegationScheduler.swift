import FlowGateApp
import Foundation
import Logging
import ServiceLifecycle

/// Delegates overdue approval requests to substitutes on a schedule (Delegate After), as Business
/// Central's job queue runs report 1511 "Delegate Approval Requests". With several instances on one database,
/// the instance holding the job's lease runs it; the others skip their tick.
struct DelegationScheduler: Service {
    static let job = "delegate-overdue-approval-entries"

    let approvals: Approvals
    let jobs: ScheduledJobs
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if let run = try await jobs.runIfLeased(Self.job, period: interval, { try await approvals.delegateOverdueEntries() }) {
                    // One line per run, with the lease's instant, so that runs across instances can be told apart.
                    logger.info(
                        "Ran scheduled job",
                        metadata: [
                            "job": "\(Self.job)", "instance": "\(jobs.instanceId)",
                            "leased_at": "\(run.leasedAt.timeIntervalSince1970)", "delegated": "\(run.value)",
                        ]
                    )
                }
            } catch {
                logger.error("Delegating overdue approval requests failed", metadata: ["error": "\(error)"])
            }
            try? await gracefulShutdownOrCancel(sleeping: interval)
        }
        try? await jobs.release(Self.job)
    }

    /// Sleeps for `duration`, returning early when the service group shuts down.
    private func gracefulShutdownOrCancel(sleeping duration: Duration) async throws {
        try await cancelWhenGracefulShutdown {
            try await Task.sleep(for: duration)
        }
    }
}
