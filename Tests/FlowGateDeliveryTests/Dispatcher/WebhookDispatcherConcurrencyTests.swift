import FlowGateDelivery
import Foundation
import Testing

/// Many messages at once: exactly-once in the outbox's view, real concurrency, the concurrency limit,
/// and recovery from database trouble.
@Suite("Webhook dispatcher: many messages, limits, database trouble", .timeLimit(.minutes(1)))
struct WebhookDispatcherConcurrencyTests {
    @Test("500 messages to one receiver: each delivered and recorded exactly once, sent concurrently")
    func manyMessages() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run { harness in
                let endpoint = await harness.endpoint(receiver.url("/slow?ms=5"))
                var messages: [OutboxMessage] = []
                for index in 0..<500 { messages.append(await harness.outbox.enqueue(subscriptionId: endpoint.subscriptionId, payload: #"{"n":\#(index)}"#)) }
                harness.dispatcher.wake()
                try await harness.waitUntilSettled()

                for message in messages {
                    #expect(await harness.outbox.message(message.id)?.status == .delivered)
                    #expect(await harness.outbox.deliveredRecords(message.id) == 1)
                    #expect(await harness.outbox.attempts(message.id).count == 1)
                }
                #expect(await harness.outbox.resultsWithoutLease == 0)
                #expect(await harness.outbox.recordedBatchSizes.reduce(0, +) == 500)
                let webhookIds = receiver.requests.compactMap { $0.headers["webhook-id"] }
                #expect(webhookIds.count == 500)
                #expect(Set(webhookIds) == Set(messages.map(\.webhookId)))
                #expect(receiver.maximumConcurrentRequests > 1)
                await harness.expectStatistics(DispatcherStatistics(delivered: 500))
            }
        }
    }

    @Test("No more messages are claimed than maximumConcurrentDeliveries; the rest wait for a free slot")
    func concurrencyLimit() async throws {
        var configuration = WebhookDispatcherConfiguration.forTests()
        configuration.maximumConcurrentDeliveries = 4
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run(configuration) { harness in
                let endpoint = await harness.endpoint(receiver.url("/hold"))
                for _ in 0..<10 { await harness.outbox.enqueue(subscriptionId: endpoint.subscriptionId) }
                harness.dispatcher.wake()
                try await waitUntil("four requests are held") { receiver.requestsInProgress == 4 }

                // Every slot is taken, so nothing else can be claimed until an answer comes.
                #expect(await harness.outbox.count(.pending) == 10)
                #expect(await harness.outbox.leasedCount == 4)
                #expect(harness.dispatcher.statistics.inFlight == 4)

                receiver.releaseHeldRequests()
                try await harness.waitUntilSettled()
                #expect(await harness.outbox.count(.delivered) == 10)
                #expect(receiver.maximumConcurrentRequests == 4)
            }
        }
    }

    @Test("Claims and records that fail (database trouble) are retried; the attempt is recorded, not sent again")
    func storageErrors() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run(start: false) { harness in
                let endpoint = await harness.endpoint(receiver.url("/echo"))
                let message = await harness.outbox.enqueue(subscriptionId: endpoint.subscriptionId)
                await harness.outbox.failNextClaims(3)
                await harness.outbox.failNextRecords(2)
                harness.start()
                try await harness.waitUntilSettled()

                #expect(await harness.outbox.message(message.id)?.status == .delivered)
                #expect(await harness.outbox.attempts(message.id).count == 1)
                #expect(receiver.requests.count == 1)
                await harness.expectStatistics(DispatcherStatistics(delivered: 1, storageErrors: 5))
            }
        }
    }

    @Test("A lease held by another instance is left alone until it expires, then taken over; nothing frees leases at start")
    func expiredLeasesTakenOver() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run(start: false) { harness in
                let endpoint = await harness.endpoint(receiver.url("/echo"))
                let expiry = Date().addingTimeInterval(1.5)
                let message = await harness.outbox.enqueue(subscriptionId: endpoint.subscriptionId, leasedUntil: expiry, leasedBy: "a dead instance")
                harness.start()
                try await Task.sleep(for: .milliseconds(700))
                #expect(receiver.requests.isEmpty)
                #expect(await harness.outbox.message(message.id)?.status == .pending)

                try await harness.waitUntilSettled()
                #expect(await harness.outbox.message(message.id)?.status == .delivered)
                #expect(Date() >= expiry)
                #expect(await harness.outbox.resultsFromFormerOwners == 0)
            }
        }
    }
}
