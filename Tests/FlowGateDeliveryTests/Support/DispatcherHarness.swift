import FlowGateDelivery
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// A dispatcher wired to an in-memory outbox and a real libcurl transport, both run by a `ServiceGroup`
/// in the production order (transport first, so it stops after the dispatcher has drained).
final class DispatcherHarness: Sendable {
    let outbox = InMemoryOutbox()
    let transport: CurlTransport
    let dispatcher: WebhookDispatcher
    let services: ServiceGroup
    private let goneSubscriptions: GoneSubscriptions
    private let running: Mutex<Task<Void, any Error>?> = Mutex(nil)

    /// The subscriptions `onGone` was called with, in order.
    var gone: [UUID] { goneSubscriptions.ids.withLock { $0 } }

    private init(configuration: WebhookDispatcherConfiguration, networkPolicy: NetworkPolicy) {
        var logger = Logger(label: "dispatcher-test")
        logger.logLevel = .critical
        transport = CurlTransport(configuration: CurlTransportConfiguration(networkPolicy: networkPolicy))
        let goneSubscriptions = GoneSubscriptions()
        self.goneSubscriptions = goneSubscriptions
        dispatcher = WebhookDispatcher(
            outbox: outbox, transport: transport, configuration: configuration, logger: logger,
            onGone: { gone in goneSubscriptions.ids.withLock { $0.append(gone.subscriptionId) } }
        )
        services = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [transport, dispatcher], gracefulShutdownSignals: [], logger: logger)
        )
    }

    /// Runs `body` with the dispatcher running (unless `start` is false), then shuts everything down gracefully.
    static func run<Value: Sendable>(
        _ configuration: WebhookDispatcherConfiguration = .forTests(),
        networkPolicy: NetworkPolicy = NetworkPolicy(allowedNetworks: NetworkPolicy.loopbackNetworks), start: Bool = true,
        _ body: (DispatcherHarness) async throws -> Value
    ) async throws -> Value {
        let harness = DispatcherHarness(configuration: configuration, networkPolicy: networkPolicy)
        if start { harness.start() }
        do {
            let value = try await body(harness)
            try await harness.finish()
            return value
        } catch {
            try? await harness.finish()
            throw error
        }
    }

    /// Shuts the services down, or, when a test ran the dispatcher by hand, at least the transport.
    private func finish() async throws {
        if running.withLock({ $0 }) == nil {
            await transport.shutdown()
        } else {
            try await shutDownGracefully()
        }
    }

    func start() {
        running.withLock { task in
            guard task == nil else { return }
            task = Task { [services] in try await services.run() }
        }
    }

    /// Triggers graceful shutdown and returns when the dispatcher and the transport have finished.
    func shutDownGracefully() async throws {
        guard let task = running.withLock({ $0 }) else { return }
        await services.triggerGracefulShutdown()
        try await task.value
    }

    /// An endpoint on `url` signed with `secrets`, known to the outbox.
    func endpoint(_ url: String, secrets: [WebhookSecret] = [WebhookSecret.generate()]) async -> DeliveryEndpoint {
        let endpoint = DeliveryEndpoint(subscriptionId: UUID(), url: url, secrets: secrets)
        await outbox.add(endpoint)
        return endpoint
    }

    /// Writes a message for `endpoint` and wakes the dispatcher, as the server does after a commit.
    @discardableResult
    func send(to endpoint: DeliveryEndpoint?, payload: String = #"{"type":"test"}"#) async -> OutboxMessage {
        let message = await outbox.enqueue(subscriptionId: endpoint?.subscriptionId ?? UUID(), payload: payload)
        dispatcher.wake()
        return message
    }

    /// Waits until every message has left `pending`.
    func waitUntilSettled(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await waitUntil("every message delivered or failed", sourceLocation: sourceLocation) { await self.outbox.isSettled }
    }

    /// Expects the statistics to reach `expected` within five seconds: counters follow the outbox by a
    /// moment, since they count what `record` stored only once it has returned.
    func expectStatistics(_ expected: DispatcherStatistics, sourceLocation: SourceLocation = #_sourceLocation) async {
        let deadline = ContinuousClock.now + .seconds(5)
        while dispatcher.statistics != expected && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        #expect(dispatcher.statistics == expected, sourceLocation: sourceLocation)
    }

    private final class GoneSubscriptions: Sendable {
        let ids = Mutex<[UUID]>([])
    }
}

extension WebhookDispatcherConfiguration {
    /// Retries within milliseconds, and an idle poll so long that only wake-ups and due dates can explain a delivery.
    static func forTests(
        schedule: [TimeInterval] = [0, 0.05, 0.05, 0.05], idlePollInterval: Duration = .seconds(60)
    ) -> WebhookDispatcherConfiguration {
        var policy = RetryPolicy(schedule: (try? RetrySchedule(delays: schedule)) ?? .standard)
        policy.jitter = 0.2
        return WebhookDispatcherConfiguration(
            retryPolicy: policy, requestTimeout: .seconds(10), connectTimeout: .seconds(5),
            idlePollInterval: idlePollInterval, storageRetryDelay: .milliseconds(20)
        )
    }
}

/// Polls `condition` until it holds; fails the test after `timeout` (a guard against hanging, not a timing assertion).
func waitUntil(
    _ what: String, timeout: Duration = .seconds(20), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("Timed out waiting until \(what)", sourceLocation: sourceLocation)
            throw WaitTimedOut()
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}

struct WaitTimedOut: Error {}
