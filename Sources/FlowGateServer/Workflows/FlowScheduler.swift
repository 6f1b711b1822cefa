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
///
/// A wake costs little, since every record write sends one: with a delay, a window already known to be open
/// closes no later than the one a new change may have opened, so there is nothing to do; with the delay at 0,
/// one query takes whatever is waiting. Scheduled flows and expiry are looked at only when due or polling.
struct FlowScheduler: Service {
    let records: RecordSubscriptions
    let scheduled: ScheduledFlows
    let signal: WakeSignal
    let logger: Logger
    let now: @Sendable () -> Date
    var pollInterval: Duration = .seconds(1)
    var expiryInterval: TimeInterval = 60

    /// What the loop knows between passes.
    private struct State {
        var pollAt = Date.distantPast
        var lastExpiry = Date.distantPast
        /// When the earliest known window closes; nil when none is known to be open.
        var windowCloses: Date?
        /// When the earliest scheduled slot is due; nil when none is.
        var slotDue: Date?
    }

    func run() async throws {
        var state = State()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let started = now()
            do {
                try await pass(at: started, &state)
            } catch {
                logger.error("Flow scheduling failed; trying again", metadata: ["error": "\(error)"])
                // Try again at the next poll, not at once: a due slot or window would otherwise spin the loop.
                state.pollAt = started.addingTimeInterval(pollInterval.inSeconds)
                state.windowCloses = nil
                state.slotDue = nil
            }
            let next = [state.pollAt, state.windowCloses, state.slotDue].compactMap { $0 }.min() ?? state.pollAt
            let wait = max(next.timeIntervalSince(now()), 0)
            await cancelWhenGracefulShutdown { [signal] in
                await signal.wait(until: .now + .milliseconds(Int64((wait * 1000).rounded(.up))))
            }
        }
    }

    private func pass(at started: Date, _ state: inout State) async throws {
        let polling = started >= state.pollAt
        if polling || state.windowCloses.map({ $0 <= started }) ?? records.closesAtOnce {
            let notified = try await records.notifyClosedWindows(at: started)
            if notified > 0 { logger.debug("Notified record changes", metadata: ["changes": "\(notified)"]) }
            state.windowCloses = try await records.nextWindowClose()
        } else if state.windowCloses == nil {
            state.windowCloses = try await records.nextWindowClose()
        }
        if polling || state.slotDue.map({ $0 <= started }) == true {
            for run in try await scheduled.fireDue(at: started) {
                logger.info(
                    "Fired scheduled flow",
                    metadata: [
                        "flow": "\(run.flowId)", "scheduled_for": "\(run.scheduledFor.formatted(.iso8601))", "late": "\(run.late)",
                        "skipped": "\(run.skipped)",
                    ]
                )
            }
            state.slotDue = try await scheduled.nextDue()
        }
        if polling {
            state.pollAt = started.addingTimeInterval(pollInterval.inSeconds)
            if started.timeIntervalSince(state.lastExpiry) >= expiryInterval {
                let expired = try await records.expire(at: started)
                if expired > 0 { logger.notice("Deleted expired record-change subscriptions", metadata: ["count": "\(expired)"]) }
                state.lastExpiry = started
            }
        }
    }
}
