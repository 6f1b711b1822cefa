import FlowGateDelivery
import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct OutboxStoreTests {
    /// A company with one subscription and a record whose outcomes carry the messages.
    struct Fixture {
        let store: any Store
        let company: Company
        let subscription: WorkflowWebhookSubscription
        let record: BusinessRecord

        static func make(_ store: any Store) async throws -> Fixture {
            let company = try await store.makeCompany()
            return Fixture(
                store: store, company: company, subscription: try await store.subscribe(webhookSubscription(company)),
                record: try await store.makeCustomer(company)
            )
        }

        /// Sends one message per due date, through `apply` as the engine's outcomes do.
        func send(dueIn offsets: [TimeInterval]) async throws -> [OutboxMessage] {
            let messages = offsets.map {
                outboxMessage(subscriptionId: subscription.id, companyId: company.id, dueAt: fixedDate.addingTimeInterval($0))
            }
            try await store.send(messages, about: record)
            return messages
        }

        func claim(at offset: TimeInterval, lease: TimeInterval = 30, limit: Int = 10, by owner: String = testInstance) async throws -> [DeliveryTask] {
            let now = fixedDate.addingTimeInterval(offset)
            return try await store.claimDueMessages(limit: limit, now: now, lease: DeliveryLease(owner: owner, until: now.addingTimeInterval(lease)))
        }

        func status(_ message: OutboxMessage) async throws -> OutboxMessage {
            try #require(try await store.delivery(id: message.id)?.message)
        }
    }

    func attempt(_ message: OutboxMessage, _ number: Int, statusCode: Int?, error: String? = nil) -> DeliveryAttempt {
        DeliveryAttempt(
            messageId: message.id, number: number, startedAt: fixedDate.addingTimeInterval(Double(number)), durationMilliseconds: 12.5,
            url: "https://flow.example/hook", statusCode: statusCode, responseBody: statusCode.map { "status \($0)" }, error: error,
            remoteAddress: "203.0.113.7"
        )
    }

    @Test("A claim takes due messages, earliest first, up to the limit, and leases them", arguments: StoreBackend.all)
    func claimHonoursDueDatesAndLimit(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Fixture.make(store)
            let messages = try await fixture.send(dueIn: [20, 0, 10, 5])
            #expect(try await fixture.claim(at: -1).isEmpty)
            let firstTwo = try await fixture.claim(at: 10, limit: 2)
            #expect(firstTwo.map(\.message.id) == [messages[1].id, messages[3].id])
            #expect(firstTwo.map(\.message) == [messages[1], messages[3]])
            #expect(try await fixture.claim(at: 10).map(\.message.id) == [messages[2].id])
            #expect(try await fixture.claim(at: 19).isEmpty)
        }
    }

    @Test("A leased message is not claimed twice; once the lease runs out it is", arguments: StoreBackend.all)
    func leases(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Fixture.make(store)
            let message = try #require(try await fixture.send(dueIn: [0]).first)
            #expect(try await fixture.claim(at: 0, lease: 30).count == 1)
            #expect(try await fixture.claim(at: 29.9).isEmpty)
            #expect(try await fixture.claim(at: 30).map(\.message.id) == [message.id])
        }
    }

    @Test("The endpoint is the subscription's URL and valid secrets, or nil once it is disabled or deleted", arguments: StoreBackend.all)
    func endpoints(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Fixture.make(store)
            let newest = SigningSecret(secret: WebhookSecret.generate().text)
            let rotated = try #require(
                try await store.rotateSecret(
                    companyId: fixture.company.id, id: fixture.subscription.id, to: newest, previousExpireAt: fixedDate.addingTimeInterval(60),
                    now: fixedDate
                )
            )
            _ = try await fixture.send(dueIn: [0, 100])
            let early = try #require(try await fixture.claim(at: 0, lease: 10_000).first?.endpoint)
            #expect(early.subscriptionId == fixture.subscription.id && early.url == "https://flow.example/hook")
            #expect(early.secrets == (try rotated.secrets.map { try WebhookSecret($0.secret) }))
            // After the previous secret's expiry only the newest signs.
            #expect(try await fixture.claim(at: 100, lease: 10_000).map(\.endpoint?.secrets) == [[try WebhookSecret(newest.secret)]])

            _ = try await store.subscribe(webhookSubscription(fixture.company, clientId: fixture.subscription.clientId))  // disables it
            _ = try await fixture.send(dueIn: [200])
            #expect(try await fixture.claim(at: 200, lease: 10_000).map { $0.endpoint == nil } == [true])

            #expect(try await store.unsubscribe(fixture.subscription.id))
            _ = try await fixture.send(dueIn: [300])
            try await store.send([outboxMessage(subscriptionId: nil, companyId: nil, dueAt: fixedDate.addingTimeInterval(300))], about: fixture.record)
            #expect(try await fixture.claim(at: 300, lease: 10_000).map { $0.endpoint == nil } == [true, true])
        }
    }

    @Test("Recording a batch stores attempts and moves each message on: delivered, retried, failed", arguments: StoreBackend.all)
    func recordBatch(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Fixture.make(store)
            let messages = try await fixture.send(dueIn: [0, 0, 0, 0])
            let (delivered, retried, failed, orphan) = (messages[0], messages[1], messages[2], messages[3])
            _ = try await fixture.claim(at: 0)
            let deliveredAt = fixedDate.addingTimeInterval(1)
            let retryAt = fixedDate.addingTimeInterval(120)
            try await store.record([
                DeliveryResult(messageId: delivered.id, attempt: attempt(delivered, 1, statusCode: 204), next: .delivered(at: deliveredAt)),
                DeliveryResult(messageId: retried.id, attempt: attempt(retried, 1, statusCode: 503, error: "503 Service Unavailable"), next: .retry(at: retryAt)),
                DeliveryResult(messageId: failed.id, attempt: attempt(failed, 1, statusCode: 404, error: "404"), next: .failed(reason: "404 WorkflowNotFound")),
                DeliveryResult(messageId: orphan.id, attempt: nil, next: .failed(reason: "The subscription no longer exists.")),
            ], owner: testInstance)

            let stored = try await (fixture.status(delivered), fixture.status(retried), fixture.status(failed), fixture.status(orphan))
            #expect(stored.0.status == .delivered && stored.0.deliveredAt == deliveredAt && stored.0.attemptCount == 1 && stored.0.lastStatusCode == 204)
            #expect(stored.0.nextAttemptAt == nil && stored.0.lastError == nil)
            #expect(stored.1.status == .pending && stored.1.nextAttemptAt == retryAt && stored.1.attemptCount == 1)
            #expect(stored.1.lastError == "503 Service Unavailable" && stored.1.lastStatusCode == 503)
            #expect(stored.2.status == .failed && stored.2.lastError == "404 WorkflowNotFound" && stored.2.lastStatusCode == 404)
            #expect(stored.3.status == .failed && stored.3.attemptCount == 0 && stored.3.lastStatusCode == nil)
            #expect(try await store.delivery(id: delivered.id)?.attempts == [attempt(delivered, 1, statusCode: 204)])
            #expect(try await store.delivery(id: orphan.id)?.attempts == [])

            // The retried message's lease was freed with its result: it is due again at its retry time, not before.
            #expect(try await fixture.claim(at: 119).isEmpty)
            #expect(try await fixture.claim(at: 120).map(\.message.id) == [retried.id])
            try await store.record([
                DeliveryResult(messageId: retried.id, attempt: attempt(retried, 2, statusCode: 200), next: .delivered(at: retryAt))
            ], owner: testInstance)
            let second = try #require(try await store.delivery(id: retried.id))
            #expect(second.message.attemptCount == 2 && second.message.status == .delivered)
            #expect(second.attempts.map(\.number) == [1, 2])
        }
    }

    @Test("A result arriving after its message was finished elsewhere does not reopen it", arguments: StoreBackend.all)
    func lateResultIgnored(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Fixture.make(store)
            let message = try #require(try await fixture.send(dueIn: [0]).first)
            _ = try await fixture.claim(at: 0, lease: 10)
            _ = try await fixture.claim(at: 10, lease: 10)  // the first lease ran out: claimed again
            try await store.record([DeliveryResult(messageId: message.id, attempt: attempt(message, 2, statusCode: 200), next: .delivered(at: fixedDate))], owner: testInstance)
            try await store.record([DeliveryResult(messageId: message.id, attempt: attempt(message, 1, statusCode: nil, error: "timeout"), next: .retry(at: fixedDate))], owner: testInstance)
            let stored = try await fixture.status(message)
            #expect(stored.status == .delivered && stored.lastError == nil)
            #expect(try await store.delivery(id: message.id)?.attempts.count == 2)
        }
    }

    @Test("The next due date is the earliest pending message's, a leased one counting at its lease's end", arguments: StoreBackend.all)
    func nextDueDate(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Fixture.make(store)
            #expect(try await store.nextDueDate() == nil)
            let messages = try await fixture.send(dueIn: [50, 10])
            #expect(try await store.nextDueDate() == fixedDate.addingTimeInterval(10))
            _ = try await fixture.claim(at: 10, lease: 60)  // the message due at 10 is leased until 70
            #expect(try await store.nextDueDate() == fixedDate.addingTimeInterval(50))
            _ = try await fixture.claim(at: 50, lease: 10)  // the one due at 50 until 60
            #expect(try await store.nextDueDate() == fixedDate.addingTimeInterval(60))
            try await store.record(messages.map { DeliveryResult(messageId: $0.id, attempt: nil, next: .failed(reason: "gone")) }, owner: testInstance)
            #expect(try await store.nextDueDate() == nil)
        }
    }

    @Test("Leases are owned: another instance takes a message over only once the lease has expired, then only its result counts", arguments: StoreBackend.all)
    func leaseOwnership(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Fixture.make(store)
            let message = try #require(try await fixture.send(dueIn: [0]).first)
            #expect(try await fixture.claim(at: 0, lease: 30, by: "instance-a").count == 1)
            // Nothing frees a lease early, not even an instance starting: the message waits for its lease's end.
            #expect(try await fixture.claim(at: 29, by: "instance-b").isEmpty)
            #expect(try await store.nextDueDate() == fixedDate.addingTimeInterval(30))
            #expect(try await fixture.claim(at: 30, by: "instance-b").map(\.message.id) == [message.id])

            // The former owner's late result is kept as an attempt but does not move the message.
            try await store.record(
                [DeliveryResult(messageId: message.id, attempt: attempt(message, 1, statusCode: 500, error: "500"), next: .failed(reason: "500"))],
                owner: "instance-a"
            )
            #expect(try await fixture.status(message).status == .pending)
            #expect(try await store.delivery(id: message.id)?.attempts.count == 1)
            #expect(try await fixture.claim(at: 31, by: "instance-c").isEmpty)  // still leased to instance-b

            try await store.record(
                [DeliveryResult(messageId: message.id, attempt: attempt(message, 2, statusCode: 204), next: .delivered(at: fixedDate.addingTimeInterval(32)))],
                owner: "instance-b"
            )
            let stored = try await fixture.status(message)
            #expect(stored.status == .delivered && stored.attemptCount == 1 && stored.lastStatusCode == 204)
            #expect(try await store.delivery(id: message.id)?.attempts.map(\.number) == [1, 2])
        }
    }

    @Test("A retried dead letter is free of any lease: any instance claims it at once", arguments: StoreBackend.all)
    func retriedMessageUnleased(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Fixture.make(store)
            let message = try #require(try await fixture.send(dueIn: [0]).first)
            _ = try await fixture.claim(at: 0, lease: 3600, by: "instance-a")
            try await store.record([DeliveryResult(messageId: message.id, attempt: nil, next: .failed(reason: "gone"))], owner: "instance-a")
            _ = try await store.retryDelivery(id: message.id, now: fixedDate.addingTimeInterval(10))
            #expect(try await fixture.claim(at: 10, by: "instance-b").map(\.message.id) == [message.id])
        }
    }
}
