import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Delivers outbox messages as signed Standard Webhooks requests, at least once, with retries.
///
/// One loop claims due messages (leasing them), sends each in its own child task, and records
/// whatever has completed in one `record` call per batch (group commit), so a slow receiver holds
/// up nothing but its own message. When nothing is due it sleeps until the next due date, the
/// idle poll interval, or `wake()`. Database trouble pauses the loop and is retried; leases make
/// every crash or lost result safe: the message is simply sent again when its lease runs out.
///
/// As a `Service`: graceful shutdown stops claiming and returns once every message in flight has
/// been sent and recorded; cancellation returns promptly and leaves unrecorded messages to their leases.
public final class WebhookDispatcher: Service, Sendable {
    public let configuration: WebhookDispatcherConfiguration
    let outbox: any DeliveryOutbox
    let transport: any HTTPTransport
    let logger: Logger
    let now: @Sendable () -> Date
    let onGone: @Sendable (GoneEndpoint) async -> Void

    let signal = WakeSignal()
    /// Set by `wake()`: a message may have been written, so the loop looks for due messages even if it thinks none are.
    let wakeRequested = Atomic<Bool>(false)
    /// Set by graceful shutdown (or a transport that shut down): claim nothing more, drain, return.
    let stopRequested = Atomic<Bool>(false)
    let completed = CompletedDeliveries()
    let counters = DispatcherCounters()
    private let running = Atomic<Bool>(false)

    /// - Parameters:
    ///   - now: The clock for timestamps, leases and retry times.
    ///   - onGone: Called with the subscription whose receiver said it is gone (410, or an API webhook's refusal), after the message is recorded
    ///     as failed; once per subscription per recorded batch, so it should be idempotent.
    public init(
        outbox: any DeliveryOutbox, transport: any HTTPTransport, configuration: WebhookDispatcherConfiguration = .init(),
        logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        onGone: @escaping @Sendable (GoneEndpoint) async -> Void = { _ in }
    ) {
        self.outbox = outbox
        self.transport = transport
        self.configuration = configuration
        self.logger = logger
        self.now = now
        self.onGone = onGone
    }

    /// Tells the dispatcher that messages were written, so they go out now rather than at the next poll.
    /// Cheap, never suspends, callable from any thread; call it after each commit that wrote messages.
    public func wake() {
        // Only the first wake since the loop last looked needs to signal; later ones are covered by it.
        if !wakeRequested.exchange(true, ordering: .acquiringAndReleasing) { signal.signal() }
    }

    /// What the dispatcher has done so far.
    public var statistics: DispatcherStatistics { counters.snapshot }

    /// Delivers until graceful shutdown (then drains) or cancellation (then returns promptly).
    public func run() async throws {
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { throw WebhookDispatcherError.alreadyRunning }
        defer { running.store(false, ordering: .releasing) }
        stopRequested.store(false, ordering: .releasing)
        if configuration.leaseDuration <= configuration.requestTimeout {
            logger.warning(
                "The delivery lease is not longer than the request timeout: slow receivers may get messages twice",
                metadata: ["lease": "\(configuration.leaseDuration)", "requestTimeout": "\(configuration.requestTimeout)"]
            )
        }
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                await dispatch(in: &group)
            } onGracefulShutdown: {
                self.stop()
            }
        }
    }

    /// Stops claiming; the loop returns once what is in flight is recorded.
    func stop() {
        stopRequested.store(true, ordering: .releasing)
        signal.signal()
    }
}

/// Why a dispatcher could not run.
public enum WebhookDispatcherError: Error, Sendable, Equatable {
    /// `run()` was called while the dispatcher was already running.
    case alreadyRunning
}
