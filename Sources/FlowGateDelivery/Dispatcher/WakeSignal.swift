import Synchronization

/// A wake-up call for a loop with one waiter (the dispatcher's, the flow scheduler's): signals set a flag that the
/// next wait consumes, so a signal sent while the loop is busy is not lost, and many signals
/// sent meanwhile cost one wake-up. `signal()` takes a lock briefly and never suspends,
/// so any thread may call it.
public final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes the waiter, or the next wait when nobody waits now.
    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns once signalled (a signal sent before the call counts) or when the task is cancelled.
    public func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                // Cancellation is checked under the lock so that it cannot fall between this and `abandonWait()`.
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    // A cancelled wait leaves any later signal pending for the next one.
                    guard !Task.isCancelled else { return true }
                    state.waiter = waiter
                    return false
                }
                if resumeNow { waiter.resume() }
            }
        } onCancel: {
            abandonWait()
        }
    }

    /// Returns once signalled, at `deadline`, or when the task is cancelled; without a deadline, waits for a signal.
    public func wait(until deadline: ContinuousClock.Instant?) async {
        guard let deadline else { return await wait() }
        guard deadline > .now else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait() }
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            await group.next()
            group.cancelAll()
        }
    }

    private func abandonWait() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
