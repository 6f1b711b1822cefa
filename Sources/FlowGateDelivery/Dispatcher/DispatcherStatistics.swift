import Synchronization

/// What a dispatcher has done since it was created, for logs and metrics; counts what was recorded in the outbox.
public struct DispatcherStatistics: Sendable, Equatable {
    /// Messages the receiver accepted.
    public var delivered: Int
    /// Failed attempts after which a retry was scheduled.
    public var retried: Int
    /// Messages that became dead letters (retries exhausted, the receiver said stop or gone, no subscription).
    public var failed: Int
    /// Of `failed`, those whose receiver answered 410 Gone.
    public var gone: Int
    /// Messages claimed and not yet recorded: being sent, or sent and waiting to be recorded.
    public var inFlight: Int
    /// Calls to the outbox (claim, record, next due date) that failed, each followed by a pause.
    public var storageErrors: Int

    public init(delivered: Int = 0, retried: Int = 0, failed: Int = 0, gone: Int = 0, inFlight: Int = 0, storageErrors: Int = 0) {
        self.delivered = delivered
        self.retried = retried
        self.failed = failed
        self.gone = gone
        self.inFlight = inFlight
        self.storageErrors = storageErrors
    }
}

/// The dispatcher's counters; written by its loop, read from any thread.
final class DispatcherCounters: Sendable {
    private let delivered = Atomic<Int>(0)
    private let retried = Atomic<Int>(0)
    private let failed = Atomic<Int>(0)
    private let gone = Atomic<Int>(0)
    private let inFlight = Atomic<Int>(0)
    private let storageErrors = Atomic<Int>(0)

    var snapshot: DispatcherStatistics {
        DispatcherStatistics(
            delivered: delivered.load(ordering: .relaxed), retried: retried.load(ordering: .relaxed),
            failed: failed.load(ordering: .relaxed), gone: gone.load(ordering: .relaxed),
            inFlight: inFlight.load(ordering: .relaxed), storageErrors: storageErrors.load(ordering: .relaxed)
        )
    }

    func setInFlight(_ count: Int) {
        inFlight.store(count, ordering: .relaxed)
    }

    func countStorageError() {
        storageErrors.add(1, ordering: .relaxed)
    }

    /// Counts results once the outbox has stored them.
    func count(recorded completions: [DeliveryCompletion]) {
        for completion in completions {
            switch completion.result.next {
            case .delivered: delivered.add(1, ordering: .relaxed)
            case .retry: retried.add(1, ordering: .relaxed)
            case .failed: failed.add(1, ordering: .relaxed)
            }
            if completion.gone != nil { gone.add(1, ordering: .relaxed) }
        }
    }
}
