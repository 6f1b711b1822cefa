import FlowGateCore
import FlowGateDelivery
import Foundation
import Synchronization

/// The gateway's side of the outbox: makes the messages of outbound events and wakes the dispatcher once a
/// transaction that wrote some has committed.
public final class Outbox: Sendable {
    private let factory: OutboundMessageFactory
    private let baseURL: Mutex<String>
    private let wakeDispatcher: Mutex<Wake>

    /// The closure is held in a struct: a bare closure in a Mutex gets re-wrapped on every read, which made each
    /// call slower than the one before and leaked (found by the benchmark).
    private struct Wake {
        var call: @Sendable () -> Void
    }

    public init(baseURL: String, factory: OutboundMessageFactory = OutboundMessageFactory()) {
        self.factory = factory
        self.baseURL = Mutex(baseURL)
        self.wakeDispatcher = Mutex(Wake(call: {}))
    }

    /// The gateway's address as callers reach it, once known (the port may be picked at start).
    public func setBaseURL(_ url: String) {
        baseURL.withLock { $0 = url }
    }

    public func setWake(_ wake: @escaping @Sendable () -> Void) {
        wakeDispatcher.withLock { $0 = Wake(call: wake) }
    }

    /// The messages carrying `events`, to be stored in the transaction that makes them true.
    func messages(for events: [some OutboundEvent], at now: Date) -> [OutboxMessage] {
        guard !events.isEmpty else { return [] }
        let links = OutboundLinks(baseURL: baseURL.withLock { $0 })
        return events.map { factory.message(for: $0, links: links, at: now) }
    }

    /// Signals the dispatcher that messages were committed.
    func messagesStored() {
        let wake = wakeDispatcher.withLock { $0.call }
        wake()
    }
}
