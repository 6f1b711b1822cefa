import CCurl
import Synchronization

/// A request handed to the loop thread, with the continuation its caller is suspended on.
struct CurlSubmission: Sendable {
    let id: UInt64
    let request: OutboundRequest
    let continuation: CheckedContinuation<Result<OutboundResponse, TransportError>, Never>

    func resume(_ result: Result<OutboundResponse, TransportError>) {
        continuation.resume(returning: result)
    }
}

/// The multi handle's address, shared with caller threads for waking the loop and nothing else.
///
/// `@unchecked Sendable` is sound because (1) callers only ever pass it to `curl_multi_wakeup`,
/// which libcurl documents as safe to call from any thread at any time, and (2) they do so only
/// inside `CurlInbox`'s lock while the inbox is not closed, and the loop thread closes the inbox
/// under that same lock before it calls `curl_multi_cleanup`; so no wakeup can reach a freed handle.
/// Every other use of the handle happens on the loop thread.
struct CurlMultiAddress: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// The one place callers and the loop thread meet: submissions and cancellations go in under a
/// lock, the loop takes them out in batches. Wakeups are coalesced: only the first submission
/// after the loop last drained pays for the `curl_multi_wakeup` system call.
final class CurlInbox: Sendable {
    enum Phase { case accepting, draining, closed }

    private struct State {
        var phase = Phase.accepting
        var submissions: [CurlSubmission] = []
        var cancellations: [UInt64] = []
        var wakeupPending = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    let multi: CurlMultiAddress
    private let state = Mutex(State())
    private let lastID = Atomic<UInt64>(0)

    init(multi: CurlMultiAddress) {
        self.multi = multi
    }

    func nextID() -> UInt64 {
        lastID.wrappingAdd(1, ordering: .relaxed).newValue
    }

    // MARK: Caller side

    /// Queues a request, or answers it at once when the transport is shutting down or the task is cancelled.
    /// Cancellation is checked under the lock so that it cannot fall between this and `cancel(id:)`.
    func submit(_ submission: CurlSubmission) {
        let refusal: TransportError? = state.withLock { state in
            guard state.phase == .accepting else { return TransportError.shutDown }
            guard !Task.isCancelled else { return TransportError.cancelled }
            state.submissions.append(submission)
            wake(&state)
            return nil
        }
        if let refusal { submission.resume(.failure(refusal)) }
    }

    /// Cancels a request: answered here if the loop has not taken it yet, otherwise by the loop.
    func cancel(id: UInt64) {
        let waiting: CurlSubmission? = state.withLock { state in
            if let index = state.submissions.firstIndex(where: { $0.id == id }) {
                return state.submissions.remove(at: index)
            }
            guard state.phase != .closed else { return nil }
            state.cancellations.append(id)
            wake(&state)
            return nil
        }
        waiting?.resume(.failure(.cancelled))
    }

    /// Stops accepting requests; the loop finishes the ones it has, then closes.
    func beginShutdown() {
        state.withLock { state in
            guard state.phase == .accepting else { return }
            state.phase = .draining
            wake(&state)
        }
    }

    /// Returns once the loop thread has finished every request and released libcurl's handles.
    func waitUntilClosed() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let closed = state.withLock { state in
                guard state.phase != .closed else { return true }
                state.closeWaiters.append(waiter)
                return false
            }
            if closed { waiter.resume() }
        }
    }

    private func wake(_ state: inout State) {
        guard !state.wakeupPending, state.phase != .closed else { return }
        state.wakeupPending = true
        _ = curl_multi_wakeup(multi.raw)
    }

    // MARK: Loop side

    /// Swaps everything queued since the last call into the loop's (empty) buffers, so that in a
    /// steady state no array is allocated. Returns whether shutdown has begun, in which case
    /// nothing more will ever be submitted.
    func take(submissions: inout [CurlSubmission], cancellations: inout [UInt64]) -> Bool {
        state.withLock { state in
            state.wakeupPending = false
            swap(&state.submissions, &submissions)
            swap(&state.cancellations, &cancellations)
            return state.phase == .draining
        }
    }

    /// Marks the inbox closed (no more wakeups touch the multi handle) and returns who waits for it.
    func close() -> [CheckedContinuation<Void, Never>] {
        state.withLock { state in
            state.phase = .closed
            defer { state.closeWaiters.removeAll() }
            return state.closeWaiters
        }
    }
}
