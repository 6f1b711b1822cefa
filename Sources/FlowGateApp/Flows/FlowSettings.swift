import FlowGateDelivery
import Foundation
import Synchronization

/// How automated, instant and scheduled flows behave, as `flowgate serve` configures them.
public struct FlowSettings: Sendable {
    /// How long a record-change subscription lives before it must be renewed (`--subscription-lifetime`).
    public var subscriptionLifetime: TimeInterval = 3 * 24 * 3600
    /// Live record-change subscriptions a company may have (Business Central allows 200).
    public var maximumSubscriptionsPerCompany = 200
    /// How long changes wait in a subscription's window before they are notified (`--record-change-delay`).
    public var recordChangeDelay: TimeInterval = 30
    /// Above this many changed records in one window, one `collection` notification is sent instead.
    public var collectionThreshold = 1000
    /// The environment name instant-flow contexts carry, as Business Central's do.
    public var environment = "production"
    /// Time the notification URL has to answer the validation handshake.
    public var handshakeTimeout: Duration = .seconds(5)
    /// Instant flows, and scheduled flows, a company may have.
    public var maximumFlowsPerCompany = 1000
    /// How long a deleted subscription stays visible in `includeDeleted` lists.
    public var deletedSubscriptionRetention: TimeInterval = 30 * 24 * 3600

    public init() {}
}

/// Tells the record-change notifier that a record write committed, so a window of 0 s is notified at once.
public final class RecordChangeSignal: Sendable {
    private let wake = Mutex<Wake>(Wake(call: {}))

    private struct Wake {
        var call: @Sendable () -> Void
    }

    public init() {}

    public func setWake(_ call: @escaping @Sendable () -> Void) {
        wake.withLock { $0 = Wake(call: call) }
    }

    func recordsChanged() {
        let call = wake.withLock { $0.call }
        call()
    }
}
