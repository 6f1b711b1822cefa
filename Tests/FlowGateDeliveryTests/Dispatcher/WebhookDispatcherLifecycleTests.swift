@testable import FlowGateDelivery
import Foundation
import Testing

/// Waking, polling, graceful shutdown and cancellation.
@Suite("Webhook dispatcher: wake-ups, polling, shutdown", .timeLimit(.minutes(1)))
struct WebhookDispatcherLifecycleTests {
    @Test("wake() sends a new message at once, though the idle poll interval is a minute")
    func wakeSendsAtOnce() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run(.forTests(idlePollInterval: .seconds(60))) { harness in
                let endpoint = await harness.endpoint(receiver.url("/echo"))
                // The dispatcher has found nothing due and gone to sleep.
                try await waitUntil("the dispatcher is idle") { await harness.outbox.nextDueDateCalls >= 1 }
                let message = await harness.send(to: endpoint)
                try await waitUntil("the message is delivered", timeout: .seconds(20)) {
                    await harness.outbox.message(message.id)?.status == .delivered
                }
                #expect(receiver.requests.count == 1)
            }
        }
    }

    @Test("Without a wake-up, polling finds a message another process wrote")
    func pollingFindsMessages() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run(.forTests(idlePollInterval: .milliseconds(50))) { harness in
                let endpoint = await harness.endpoint(receiver.url("/echo"))
                try await waitUntil("the dispatcher is idle") { await harness.outbox.nextDueDateCalls >= 1 }
                let message = await harness.outbox.enqueue(subscriptionId: endpoint.subscriptionId)
                try await harness.waitUntilSettled()
                #expect(await harness.outbox.message(message.id)?.status == .delivered)
            }
        }
    }

    @Test("A message due later is sent when it falls due, without a wake-up or a poll")
    func dueDateEndsTheSleep() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run(start: false) { harness in
                let endpoint = await harness.endpoint(receiver.url("/echo"))
                let message = await harness.outbox.enqueue(subscriptionId: endpoint.subscriptionId, dueAt: Date().addingTimeInterval(0.2))
                harness.start()
                try await harness.waitUntilSettled()
                #expect(await harness.outbox.message(message.id)?.status == .delivered)
                let attempt = try #require(await harness.outbox.attempts(message.id).first)
                let due = try #require(message.nextAttemptAt)
                #expect(attempt.startedAt >= due)
            }
        }
    }

    @Test("Graceful shutdown: claiming stops, held requests complete and are recorded before run() returns")
    func gracefulShutdownDrains() async throws {
        var configuration = WebhookDispatcherConfiguration.forTests()
        configuration.maximumConcurrentDeliveries = 5
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run(configuration) { harness in
                let endpoint = await harness.endpoint(receiver.url("/hold"))
                for _ in 0..<7 { await harness.outbox.enqueue(subscriptionId: endpoint.subscriptionId) }
                harness.dispatcher.wake()
                try await waitUntil("five requests are held") { receiver.requestsInProgress == 5 }

                await harness.services.triggerGracefulShutdown()
                try await waitUntil("the dispatcher has stopped claiming") { harness.dispatcher.stopRequested.load(ordering: .acquiring) }
                receiver.releaseHeldRequests()
                try await harness.shutDownGracefully()

                // The five in flight were answered and recorded; the two waiting for a slot were never claimed.
                #expect(await harness.outbox.count(.delivered) == 5)
                #expect(await harness.outbox.count(.pending) == 2)
                #expect(await harness.outbox.leasedCount == 0)
                #expect(receiver.requests.count == 5)
            }
        }
    }

    @Test("Cancellation returns without waiting for answers; the unrecorded messages stay leased")
    func cancellationReturnsPromptly() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run(start: false) { harness in
                let endpoint = await harness.endpoint(receiver.url("/hold"))
                for _ in 0..<3 { await harness.outbox.enqueue(subscriptionId: endpoint.subscriptionId) }
                let running = Task { try await harness.dispatcher.run() }
                try await waitUntil("three requests are held") { receiver.requestsInProgress == 3 }

                running.cancel()
                try await running.value
                // The receiver still holds the requests: run() did not wait for their answers.
                #expect(receiver.requestsInProgress == 3)
                #expect(await harness.outbox.count(.pending) == 3)
                #expect(await harness.outbox.leasedCount == 3)
                #expect(await harness.outbox.recordedBatchSizes.isEmpty)
                receiver.releaseHeldRequests()
            }
        }
    }

    @Test("A second run() while running is refused")
    func runTwice() async throws {
        try await DispatcherHarness.run { harness in
            try await waitUntil("the dispatcher runs") { await harness.outbox.claimCalls >= 1 }
            await #expect(throws: WebhookDispatcherError.alreadyRunning) { try await harness.dispatcher.run() }
        }
    }
}
