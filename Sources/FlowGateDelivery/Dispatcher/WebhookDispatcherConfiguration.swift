import Foundation

/// Settings of a `WebhookDispatcher`: how many deliveries run at once, how long each may take, how often it polls.
public struct WebhookDispatcherConfiguration: Sendable {
    /// When to retry and when to give up.
    public var retryPolicy: RetryPolicy
    /// Messages claimed and not yet recorded, at most; bounds sockets, memory and the load on receivers.
    public var maximumConcurrentDeliveries: Int
    /// Messages claimed per call to the outbox, at most.
    public var claimBatchSize: Int
    /// Time allowed for one attempt, connection included (Standard Webhooks suggests 15–30 s).
    public var requestTimeout: Duration
    /// Time allowed to establish the connection (TCP and TLS).
    public var connectTimeout: Duration
    /// How long a claimed message stays reserved for this dispatcher. It must outlast an attempt
    /// and its recording, or another dispatcher would send the message a second time (Svix PR #2181),
    /// and it is how long a dead instance's messages wait before another takes them over;
    /// defaults to the request timeout plus 15 s (45 s), and follows `requestTimeout` until set.
    public var leaseDuration: Duration {
        get { explicitLeaseDuration ?? requestTimeout + .seconds(15) }
        set { explicitLeaseDuration = newValue }
    }
    /// The owner of the leases this dispatcher takes: its gateway instance, an id made at start.
    public var instanceId: String
    /// The longest sleep when nothing is due. `wake()` ends it at once for messages this process writes;
    /// polling catches those written by other processes. Scheduled retries end it when they fall due.
    public var idlePollInterval: Duration
    /// The pause after the outbox fails (database trouble) before trying again; it doubles with each failure in
    /// a row, up to `maximumStorageRetryDelay`.
    public var storageRetryDelay: Duration
    public var maximumStorageRetryDelay: Duration

    private var explicitLeaseDuration: Duration?

    public init(
        retryPolicy: RetryPolicy = .init(), maximumConcurrentDeliveries: Int = 256, claimBatchSize: Int = 256,
        requestTimeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(10), leaseDuration: Duration? = nil,
        idlePollInterval: Duration = .seconds(1), storageRetryDelay: Duration = .seconds(1),
        maximumStorageRetryDelay: Duration = .seconds(8), instanceId: String = DeliveryLease.newOwner()
    ) {
        self.instanceId = instanceId
        self.retryPolicy = retryPolicy
        self.maximumConcurrentDeliveries = maximumConcurrentDeliveries
        self.claimBatchSize = claimBatchSize
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.explicitLeaseDuration = leaseDuration
        self.idlePollInterval = idlePollInterval
        self.storageRetryDelay = storageRetryDelay
        self.maximumStorageRetryDelay = maximumStorageRetryDelay
    }

    /// The pause after `failures` outbox failures in a row: `storageRetryDelay`, doubled for each failure after
    /// the first, at most `maximumStorageRetryDelay`.
    public func storagePause(afterFailures failures: Int) -> Duration {
        let doublings = min(max(failures - 1, 0), 16)
        return min(storageRetryDelay * (1 << doublings), max(maximumStorageRetryDelay, storageRetryDelay))
    }
}

extension Duration {
    /// The duration in seconds, for `Date` arithmetic.
    public var inSeconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
