import FlowGateCore
import FlowGateDelivery
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The callbacks' guards (reference §2.4), the subscription API's validation and lifecycle, and the SSRF guard.
@Suite("Flow connector callbacks and subscriptions")
struct FlowCallbackAndSubscriptionTests {
    @Test("Only the subscribing user approves; repeats are idempotent; a different second answer is 409; unknown step 404")
    func callbackGuards() async throws {
        try await FlowTest.run { client, gateway, receiver in
            #expect(try await FlowTest.subscribe(client, gateway, url: receiver.url).status == .created)
            let order = gateway.salesOrderId.uuidString.lowercased()
            #expect(try await FlowTest.send(client, gateway, order).status == .ok)
            let delivery = try #require(try await receiver.waitForDeliveries(1).first)

            let byAlice = try await FlowTest.answer(client, gateway, delivery, "approve", by: "ALICE")
            #expect(byAlice.status == .forbidden)
            #expect(byAlice.detail == "User ALICE cannot act on this step. Make sure the user who created the webhook (SHOPAPP) is the same who is trying to act.")
            let cancelByBob = try await FlowTest.answer(client, gateway, delivery, "cancel", by: "BOB")
            #expect(cancelByBob.status == .forbidden)

            let first = try await FlowTest.answer(client, gateway, delivery, "approve")
            #expect(first.status == .ok)
            let again = try await FlowTest.answer(client, gateway, delivery, "approve")
            #expect(again.status == .ok)
            #expect(again["record"]?["status"]?.string == "Released")
            #expect(again.etag == first.etag, "a repeated answer changes nothing")
            let reject = try await FlowTest.answer(client, gateway, delivery, "reject")
            #expect(reject.status == .conflict)
            #expect(reject.detail == "A response has already been received.")

            let unknown = try await client.call(.post, "/api/v1/workflowActionResponse/\(UUID().uuidString)/approve", key: gateway.key("integration"))
            #expect(unknown.status == .notFound)
            #expect(unknown.isProblem)
        }
    }

    @Test("The initiator cancels through the callback: the order is reopened and usage allowed")
    func initiatorCancels() async throws {
        try await FlowTest.run { client, gateway, receiver in
            #expect(try await FlowTest.subscribe(client, gateway, url: receiver.url).status == .created)
            let order = gateway.salesOrderId.uuidString.lowercased()
            #expect(try await FlowTest.send(client, gateway, order).status == .ok)
            let delivery = try #require(try await receiver.waitForDeliveries(1).first)
            let canceled = try await FlowTest.answer(client, gateway, delivery, "cancel", by: "ALICE")
            #expect(canceled.status == .ok, "\(canceled.text)")
            #expect(canceled["flowEntry"]?["response"]?.string == "Cancel")
            let record = try await FlowTest.order(client, gateway, order)
            #expect(record["status"]?.string == "Open")
            #expect(record["restricted"]?.bool != true)
        }
    }

    @Test("Subscribing validates the URL, the event code, the conditions and the caller's role")
    func subscriptionValidation() async throws {
        try await FlowTest.run(allowLoopback: false) { client, gateway, _ in
            let badEvent = try await FlowTest.subscribe(client, gateway, url: "https://example.com/hook", eventCode: "RUNWORKFLOWONAFTERRELEASESALESDOC")
            #expect(badEvent.status == .badRequest)
            #expect(badEvent.text.contains("Unsupported workflow event code 'RUNWORKFLOWONAFTERRELEASESALESDOC'."))
            let privateAddress = try await FlowTest.subscribe(client, gateway, url: "http://10.1.2.3/hook")
            #expect(privateAddress.status == .badRequest)
            #expect(privateAddress.text.contains("10.1.2.3"))
            let credentials = try await FlowTest.subscribe(client, gateway, url: "https://user:pass@example.com/hook")
            #expect(credentials.status == .badRequest)
            let ftp = try await FlowTest.subscribe(client, gateway, url: "ftp://example.com/hook")
            #expect(ftp.status == .badRequest)
            let notBase64 = try await FlowTest.subscribe(client, gateway, url: "https://example.com/hook", conditions: "%%%")
            #expect(notBase64.status == .badRequest)
            let badFilter = try await FlowTest.subscribe(
                client, gateway, url: "https://example.com/hook", conditions: FlowTest.base64(#"{"HeaderConditions":[{"Name":"amount","Value":">>1"}]}"#)
            )
            #expect(badFilter.status == .badRequest)
            #expect(badFilter["type"]?.string?.hasSuffix("invalid-filter") == true)
            let asUser = try await FlowTest.subscribe(client, gateway, url: "https://example.com/hook", key: "ALICE")
            #expect(asUser.status == .forbidden)
            let list = try await client.call(.get, "\(companyPath)/workflowWebhookSubscriptions", key: gateway.key("integration"))
            #expect(list["value"]?.array?.isEmpty == true, "nothing was stored by the refused requests")
        }
    }

    @Test("Codes count up; the same clientId disables the previous workflow; DELETE removes an idle subscription and its workflow")
    func subscriptionLifecycle() async throws {
        try await FlowTest.run { client, gateway, _ in
            let first = try await FlowTest.subscribe(client, gateway, url: "https://example.com/a", clientId: "flow-A")
            let second = try await FlowTest.subscribe(client, gateway, url: "https://example.com/b", clientId: "flow-B")
            #expect(first["workflowCode"]?.string == "MS-SDAW-WH-01")
            #expect(second["workflowCode"]?.string == "MS-SDAW-WH-02")
            let replaced = try await FlowTest.subscribe(client, gateway, url: "https://example.com/a2", clientId: "flow-A")
            #expect(replaced["workflowCode"]?.string == "MS-SDAW-WH-03")
            let old = try await client.call(.get, "\(companyPath)/workflows/MS-SDAW-WH-01", key: gateway.key("admin"))
            #expect(old["enabled"]?.bool == false)

            let id = try #require(second["id"]?.string)
            let path = "\(companyPath)/workflowWebhookSubscriptions/\(id)"
            #expect(try await client.call(.get, path, key: gateway.key("integration"))["secret"] == nil, "secrets are shown only when made")
            #expect(try await client.call(.delete, path, key: gateway.key("integration")).status == .noContent)
            #expect(try await client.call(.get, path, key: gateway.key("integration")).status == .notFound)
            #expect(try await client.call(.get, "\(companyPath)/workflows/MS-SDAW-WH-02", key: gateway.key("admin")).status == .notFound)
        }
    }

    @Test("After rotateSecret both the old and the new secret verify the next delivery")
    func rotation() async throws {
        try await FlowTest.run { client, gateway, receiver in
            let subscription = try await FlowTest.subscribe(client, gateway, url: receiver.url)
            let oldSecret = try WebhookSecret(try #require(subscription["secret"]?.string))
            let rotated = try await client.call(
                .post, "\(companyPath)/workflowWebhookSubscriptions/\(subscription["id"]?.string ?? "")/rotateSecret", key: gateway.key("integration")
            )
            #expect(rotated.status == .ok)
            let newSecret = try WebhookSecret(try #require(rotated["secret"]?.string))
            #expect(newSecret != oldSecret)
            #expect(try await FlowTest.send(client, gateway, gateway.salesOrderId.uuidString.lowercased()).status == .ok)
            let delivery = try #require(try await receiver.waitForDeliveries(1).first)
            for secret in [oldSecret, newSecret] {
                #expect(throws: Never.self) {
                    try StandardWebhooks.verify(
                        id: delivery.headers["webhook-id"], timestamp: delivery.headers["webhook-timestamp"],
                        signatureHeader: delivery.headers["webhook-signature"], body: delivery.body, secrets: [secret], now: Date()
                    )
                }
            }
        }
    }

    @Test("A name that resolves to loopback is refused at delivery unless allow-listed; the Flow entry shows the failure and can be resubmitted")
    func ssrfRefusedAtDelivery() async throws {
        try await FlowTest.run(allowLoopback: false, schedule: try RetrySchedule(delays: [0])) { client, gateway, receiver in
            let url = "http://localhost:\(receiver.port)/hook"
            let subscription = try await FlowTest.subscribe(client, gateway, url: url)
            #expect(subscription.status == .created, "a host name is checked when it is resolved, at delivery")
            #expect(try await FlowTest.send(client, gateway, gateway.salesOrderId.uuidString.lowercased()).status == .ok)
            let messages = try await FlowTest.waitForDeliveries(client, gateway, subscription: subscription["id"]?.string ?? "", status: "failed")
            let message = try #require(messages.first)
            #expect(message["status"]?.string == "failed")
            let detail = try await client.call(.get, "/api/v1/deliveries/\(message["id"]?.string ?? "")", key: gateway.key("admin"))
            let error = detail["attempts"]?[0]?["error"]?.string ?? ""
            #expect(error.contains("127.0.0.1") || error.contains("::1"), "the attempt names the refused address: \(error)")
            #expect(receiver.deliveries.isEmpty)

            let entries = try await client.call(.get, "\(companyPath)/workflowWebhookEntries", key: gateway.key("integration"))
            let entry = try #require(entries["value"]?.array?.first)
            #expect(entry["notificationStatus"]?.string == "Failed")
            #expect(entry["notificationError"]?.string?.isEmpty == false)
            let resubmitted = try await client.call(
                .post, "\(companyPath)/workflowWebhookEntries/\(entry["entryNo"]?.decimal ?? 0)/resubmit", key: gateway.key("integration")
            )
            #expect(resubmitted.status == .ok)
            #expect(resubmitted["notificationStatus"]?.string == "Pending" || resubmitted["notificationStatus"]?.string == "Failed")
        }
    }

    @Test("An answered request's message still waiting for a retry is withdrawn, not delivered later")
    func answeredRequestWithdrawsItsMessage() async throws {
        try await FlowTest.run(schedule: try RetrySchedule(delays: [0, 3600])) { client, gateway, receiver in
            receiver.answer([500])
            let subscription = try await FlowTest.subscribe(client, gateway, url: receiver.url)
            let order = gateway.salesOrderId.uuidString.lowercased()
            #expect(try await FlowTest.send(client, gateway, order).status == .ok)
            let delivery = try #require(try await receiver.waitForDeliveries(1).first)
            let waiting = try await FlowTest.waitForDeliveries(client, gateway, subscription: subscription["id"]?.string ?? "", status: "pending")
            #expect(waiting.first?["attemptCount"]?.decimal == 1)

            #expect(try await FlowTest.answer(client, gateway, delivery, "cancel", by: "ALICE").status == .ok)
            let messages = try await client.call(.get, "/api/v1/deliveries", key: gateway.key("admin"))["value"]?.array ?? []
            #expect(messages.first?["status"]?.string == "failed")
            #expect(messages.first?["lastError"]?.string == "Not sent: the request was answered (Cancel) before it could be delivered.")
            let entry = try await client.call(.get, "\(companyPath)/workflowWebhookEntries/1", key: gateway.key("integration"))
            let resubmit = try await client.call(.post, "\(companyPath)/workflowWebhookEntries/1/resubmit", key: gateway.key("integration"))
            #expect(entry["response"]?.string == "Cancel")
            #expect(resubmit.status == .conflict)
        }
    }

    @Test("The retry schedule's first value is the wait before the first attempt")
    func firstAttemptWaits() async throws {
        try await FlowTest.run(schedule: try RetrySchedule(delays: [3600])) { client, gateway, receiver in
            #expect(try await FlowTest.subscribe(client, gateway, url: receiver.url).status == .created)
            let before = Date()
            #expect(try await FlowTest.send(client, gateway, gateway.salesOrderId.uuidString.lowercased()).status == .ok)
            let message = try #require(try await client.call(.get, "/api/v1/deliveries", key: gateway.key("admin"))["value"]?.array?.first)
            let due = try #require(message["nextAttemptAt"]?.string.flatMap { try? Date($0, strategy: .iso8601) })
            #expect(due.timeIntervalSince(before) > 0.8 * 3600 - 1, "due after the first delay, jitter included: \(due)")
            #expect(message["status"]?.string == "pending")
            #expect(receiver.deliveries.isEmpty)
        }
    }
}
