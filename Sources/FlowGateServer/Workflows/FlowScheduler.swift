import FlowGateApp
import FlowGateDelivery
import Foundation
import Logging
import ServiceLifecycle

/// Runs the flows' timed work: notifies record-change windows once they close, fires scheduled flows' slots,
/// and expires record-change subscriptions. It sleeps until the next window closes or slot falls due (at most
/// the poll interval, which catches work written by other instances) or until a record write wakes it.
///
/// Safe with several instances on one database: each window's changes and each slot are taken in one
/// transaction that only one instance can win.
struct FlowScheduler: Service {
    let records: RecordSubscriptions
    let scheduled: ScheduledFlows
    let signal: WakeSignal
    let logger: Logger
    let now: @Sendable () -> Date
    var pollInterval: Duration = .seconds(1)
    var expiryInterval: TimeInterval = 60

    func run() async throws {
        var lastExpiry = Date.distantPast
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let started = now()
            var next = started.addingTimeInterval(pollInterval.inSeconds)
            do {
                let notified = try await records.notifyClosedWindows(at: started)
                if notified > 0 { logger.debug("Notified record changes", metadata: ["changes": "\(notified)"]) }
                for run in try await scheduled.fireDue(at: started) {
                    logger.info(
                        "Fired scheduled flow",
                        metadata: [
                            "flow": "\(run.flowId)", "scheduled_for": "\(run.scheduledFor.formatted(.iso8601))", "late": "\(run.late)",
                            "skipped": "\(run.skipped)",
                        ]
                    )
                }
                if started.timeIntervalSince(lastExpiry) >= expiryInterval {
                    let expired = try await records.expire(at: started)
                    if expired > 0 { logger.notice("Deleted expired record-change subscriptions", metadata: ["count": "\(expired)"]) }
                    lastExpiry = started
                }
                for due in [try await records.nextWindowClose(), try await scheduled.nextDue()].compactMap({ $0 }) { next = min(next, due) }
            } catch {
                logger.error("Flow scheduling failed; trying again", metadata: ["error": "\(error)"])
            }
            let wait = max(next.timeIntervalSince(now()), 0)
            await cancelWhenGracefulShutdown { [signal] in
                await signal.wait(until: .now + .milliseconds(Int64((wait * 1000).rounded(.up))))
            }
        }
    }
}
