import FlowGateDelivery
import Foundation
import Testing

/// One message through the dispatcher, the real libcurl transport and a real receiver: what is sent,
/// what is recorded, and what the retry policy makes of each answer.
@Suite("Webhook dispatcher: one message, each kind of answer", .timeLimit(.minutes(1)))
struct WebhookDispatcherDeliveryTests {
    /// Checks a received request's Standard Webhooks signature against `secrets`, as a receiver would.
    func verify(_ request: ReceivedRequest, secrets: [WebhookSecret]) throws {
        try StandardWebhooks.verify(
            id: request.headers["webhook-id"], timestamp: request.headers["webhook-timestamp"],
            signatureHeader: request.headers["webhook-signature"], body: request.body, secrets: secrets, now: Date()
        )
    }

    @Test("A delivery arrives with the exact body and headers, signed for the endpoint's secret")
    func signedDelivery() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run { harness in
                let secret = WebhookSecret.generate()
                let endpoint = await harness.endpoint(receiver.url("/echo"), secrets: [secret])
                let payload = #"{"type":"approval.requested","data":{"amount":"1 234,50 €","note":"a.b"}}"#
                let message = await harness.send(to: endpoint, payload: payload)
                try await harness.waitUntilSettled()

                #expect(receiver.requests.count == 1)
                let received = try #require(receiver.requests.first)
                #expect(received.method == "POST")
                #expect(received.body == Array(payload.utf8))
                #expect(received.headers["content-type"] == "application/json")
                #expect(received.headers["webhook-id"] == message.webhookId)
                #expect(received.headers["webhook-timestamp"].flatMap { Int($0) } != nil)
                try verify(received, secrets: [secret])
                #expect(throws: WebhookSignatureError.noMatchingSignature) { try verify(received, secrets: [WebhookSecret.generate()]) }

                let stored = try #require(await harness.outbox.message(message.id))
                #expect(stored.status == .delivered)
                #expect(stored.attemptCount == 1)
                let attempt = try #require(await harness.outbox.attempts(message.id).first)
                #expect(attempt.number == 1)
                #expect(attempt.url == endpoint.url)
                #expect(attempt.statusCode == 200)
                #expect(attempt.responseBody == "ok")
                #expect(attempt.remoteAddress == "127.0.0.1")
                #expect(attempt.error == nil)
                #expect(attempt.durationMilliseconds > 0)
            }
        }
    }

    @Test("With two secrets (rotation) the signature verifies for each of them")
    func rotatedSecrets() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run { harness in
                let newSecret = WebhookSecret.generate()
                let oldSecret = WebhookSecret.generate()
                let endpoint = await harness.endpoint(receiver.url("/echo"), secrets: [newSecret, oldSecret])
                await harness.send(to: endpoint)
                try await harness.waitUntilSettled()

                let received = try #require(receiver.requests.first)
                #expect(received.headers["webhook-signature"]?.split(separator: " ").count == 2)
                try verify(received, secrets: [newSecret])
                try verify(received, secrets: [oldSecret])
            }
        }
    }

    @Test("500, 500, 500, then 200: four attempts recorded, delivered, one webhook-id on every request")
    func retriesUntilDelivered() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run { harness in
                let secret = WebhookSecret.generate()
                let endpoint = await harness.endpoint(receiver.url("/sequence/a?statuses=500,500,500,200"), secrets: [secret])
                let message = await harness.send(to: endpoint)
                try await harness.waitUntilSettled()

                let stored = try #require(await harness.outbox.message(message.id))
                #expect(stored.status == .delivered)
                #expect(stored.attemptCount == 4)
                let attempts = await harness.outbox.attempts(message.id)
                #expect(attempts.map(\.number) == [1, 2, 3, 4])
                #expect(attempts.map(\.statusCode) == [500, 500, 500, 200])
                #expect(attempts.map(\.error) == Array(repeating: "HTTP 500 Internal Server Error", count: 3) + [nil])
                #expect(attempts.map(\.responseBody) == ["answer 1", "answer 2", "answer 3", "answer 4"])

                #expect(receiver.requests.count == 4)
                #expect(Set(receiver.requests.compactMap { $0.headers["webhook-id"] }) == [message.webhookId])
                for request in receiver.requests { try verify(request, secrets: [secret]) }
                await harness.expectStatistics(DispatcherStatistics(delivered: 1, retried: 3))
            }
        }
    }

    @Test("410 Gone: the message fails with the Gone reason and onGone gets the subscription")
    func goneRemovesSubscription() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run { harness in
                let endpoint = await harness.endpoint(receiver.url("/status/410"))
                let message = await harness.send(to: endpoint)
                try await waitUntil("onGone was called") { !harness.gone.isEmpty }

                #expect(harness.gone == [endpoint.subscriptionId])
                let stored = try #require(await harness.outbox.message(message.id))
                #expect(stored.status == .failed)
                #expect(stored.lastError == WebhookDispatcher.goneReason)
                #expect(await harness.outbox.attempts(message.id).map(\.error) == ["HTTP 410 Gone"])
                #expect(receiver.requests.count == 1)
                await harness.expectStatistics(DispatcherStatistics(failed: 1, gone: 1))
            }
        }
    }

    @Test("404 naming WorkflowNotFound stops after one attempt (Business Central's stop rule)")
    func stopRule() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run { harness in
                let endpoint = await harness.endpoint(receiver.url("/status/404?body=WorkflowNotFound"))
                let message = await harness.send(to: endpoint)
                try await harness.waitUntilSettled()

                let stored = try #require(await harness.outbox.message(message.id))
                #expect(stored.status == .failed)
                #expect(stored.attemptCount == 1)
                #expect(stored.lastError == StopReason.receiverRejected(statusCode: 404, code: "WorkflowNotFound").description)
                let attempt = try #require(await harness.outbox.attempts(message.id).first)
                #expect(attempt.error == "HTTP 404 Not Found")
                #expect(attempt.responseBody == "WorkflowNotFound")
                #expect(receiver.requests.count == 1)
                #expect(harness.gone.isEmpty)
            }
        }
    }

    @Test("302 is a failed attempt and is not followed: the redirect target is never called")
    func redirectIsFailure() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run(.forTests(schedule: [0])) { harness in
                let endpoint = await harness.endpoint(receiver.url("/status/302?location=/echo"))
                let message = await harness.send(to: endpoint)
                try await harness.waitUntilSettled()

                let stored = try #require(await harness.outbox.message(message.id))
                #expect(stored.status == .failed)
                let attempt = try #require(await harness.outbox.attempts(message.id).first)
                #expect(stored.lastError == "\(StopReason.scheduleExhausted(attempts: 1)); last: \(attempt.error ?? "")")
                #expect(attempt.statusCode == 302)
                #expect(attempt.error == "Redirect (302 to /echo) not followed; webhooks must be answered with 2xx")
                #expect(receiver.requests.map(\.path) == ["/status/302"])
            }
        }
    }

    @Test("When the schedule is used up the message becomes a dead letter with every attempt recorded")
    func scheduleExhausted() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run { harness in
                let endpoint = await harness.endpoint(receiver.url("/status/500?body=boom"))
                let message = await harness.send(to: endpoint)
                try await harness.waitUntilSettled()

                let stored = try #require(await harness.outbox.message(message.id))
                #expect(stored.status == .failed)
                #expect(stored.attemptCount == 4)
                #expect(stored.lastError == "gave up after 4 failed attempts; last: HTTP 500 Internal Server Error")
                let attempts = await harness.outbox.attempts(message.id)
                #expect(attempts.map(\.number) == [1, 2, 3, 4])
                #expect(attempts.allSatisfy { $0.error == "HTTP 500 Internal Server Error" && $0.responseBody == "boom" })
                #expect(receiver.requests.count == 4)
                await harness.expectStatistics(DispatcherStatistics(retried: 3, failed: 1))
            }
        }
    }

    @Test("A private address is refused by the default policy: the attempt names the refusal and how to allow it")
    func refusedByNetworkPolicy() async throws {
        try await DispatcherHarness.run(.forTests(schedule: [0]), networkPolicy: .publicOnly) { harness in
            let endpoint = await harness.endpoint("http://10.1.2.3/hook")
            let message = await harness.send(to: endpoint)
            try await harness.waitUntilSettled()

            #expect(await harness.outbox.message(message.id)?.status == .failed)
            let attempt = try #require(await harness.outbox.attempts(message.id).first)
            #expect(attempt.statusCode == nil)
            #expect(attempt.remoteAddress == nil)
            let error = try #require(attempt.error)
            #expect(error.hasPrefix("Refused to connect to 10.1.2.3: private"))
            #expect(error.contains("--allow-network 10.1.2.3/32"))
        }
    }

    @Test("A refused loopback receiver sees no connection at all")
    func refusedLoopbackNotContacted() async throws {
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run(.forTests(schedule: [0]), networkPolicy: .publicOnly) { harness in
                let endpoint = await harness.endpoint(receiver.url("/echo"))
                let message = await harness.send(to: endpoint)
                try await harness.waitUntilSettled()

                #expect(await harness.outbox.attempts(message.id).first?.error?.hasPrefix("Refused to connect to 127.0.0.1") == true)
                #expect(receiver.requests.isEmpty)
            }
        }
    }

    @Test("No answer: the attempt says why (a timeout with its length, nothing listening)")
    func noAnswer() async throws {
        var configuration = WebhookDispatcherConfiguration.forTests(schedule: [0])
        configuration.requestTimeout = .milliseconds(300)
        try await TestReceiver.run { receiver in
            try await DispatcherHarness.run(configuration) { harness in
                let slow = await harness.send(to: await harness.endpoint(receiver.url("/slow?ms=1000")))
                // Port 1 (tcpmux) needs privileges to bind and nothing here serves it.
                let closed = await harness.send(to: await harness.endpoint("http://127.0.0.1:1/hook"))
                try await harness.waitUntilSettled()

                let timedOut = try #require(await harness.outbox.attempts(slow.id).first)
                #expect(timedOut.statusCode == nil)
                // Under load curl may report the connect phase instead; either way the text says it timed out.
                #expect(timedOut.error?.lowercased().contains("timed out") == true, "\(timedOut.error ?? "no error")")
                let refused = try #require(await harness.outbox.attempts(closed.id).first)
                #expect(refused.error?.contains("127.0.0.1") == true)
                #expect(await harness.outbox.message(closed.id)?.status == .failed)
            }
        }
    }

    @Test("A message without an endpoint (subscription gone or disabled) fails without an attempt")
    func noEndpoint() async throws {
        try await DispatcherHarness.run { harness in
            let message = await harness.send(to: nil)
            try await harness.waitUntilSettled()

            let stored = try #require(await harness.outbox.message(message.id))
            #expect(stored.status == .failed)
            #expect(stored.attemptCount == 0)
            #expect(stored.lastError == WebhookDispatcher.noSubscriptionReason)
            #expect(await harness.outbox.attempts(message.id).isEmpty)
            await harness.expectStatistics(DispatcherStatistics(failed: 1))
        }
    }
}
