import FlowGateCore
import FlowGateDelivery
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The issue's flows through real HTTP on loopback: a receiver subscribes, ALICE sends an order, the
/// receiver gets a signed POST and answers through the callbacks.
/// Each runs on SQLite and on PostgreSQL.
@Suite("Flow connector end to end")
struct FlowConnectorEndToEndTests {
    @Test("Subscribe, send, a signed delivery that standardwebhooks verifies, approve: the order is Released", arguments: TestBackend.all)
    func approveReleases(_ backend: TestBackend) async throws {
        try await FlowTest.run(on: backend) { client, gateway, receiver in
            let subscription = try await FlowTest.subscribe(client, gateway, url: receiver.url)
            #expect(subscription.status == .created, "\(subscription.text)")
            let location = try #require(subscription.headers[.location])
            #expect(location.hasSuffix("/workflowWebhookSubscriptions/\(subscription["id"]?.string ?? "")"))
            let secret = try #require(subscription["secret"]?.string)
            #expect(secret.hasPrefix("whsec_"))
            #expect(try WebhookSecret(secret).bytes.count == 24)
            #expect(subscription["workflowCode"]?.string == "MS-SDAW-WH-01")

            // The registered workflow shows in the native list with its step tree.
            let workflow = try await client.call(.get, "\(companyPath)/workflows/MS-SDAW-WH-01", key: gateway.key("admin"))
            #expect(workflow.status == .ok)
            #expect(workflow["source"]?.string == "flow")
            #expect(workflow["enabled"]?.bool == true)
            #expect(workflow["clientId"]?.string == "flow-1")
            #expect(workflow["subscriptionId"]?.string == subscription["id"]?.string)
            let functions = (workflow["steps"]?.array ?? []).compactMap { $0["functionName"]?.string }
            #expect(functions.contains("SENDNOTIFICATIONTOWEBHOOK"))
            #expect(functions.filter { $0 == "WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT" }.count == 3)
            let list = try await client.call(.get, "\(companyPath)/workflows", key: gateway.key("admin"))
            #expect((list["value"]?.array ?? []).contains { $0["code"]?.string == "MS-SDAW-WH-01" && $0["source"]?.string == "flow" })

            let order = gateway.salesOrderId.uuidString.lowercased()
            let sent = try await FlowTest.send(client, gateway, order)
            #expect(sent.status == .ok, "\(sent.text)")
            #expect(sent["record"]?["status"]?.string == "Pending Approval")

            let delivery = try #require(try await receiver.waitForDeliveries(1).first)
            #expect(delivery.headers["content-type"] == "application/json")
            #expect(throws: Never.self) {
                try StandardWebhooks.verify(
                    id: delivery.headers["webhook-id"], timestamp: delivery.headers["webhook-timestamp"],
                    signatureHeader: delivery.headers["webhook-signature"], body: delivery.body, secrets: [try WebhookSecret(secret)], now: Date()
                )
            }
            #expect(try FlowTest.verifyWithPython(delivery, secret: secret) == "approval.requested")
            let body = delivery.json
            #expect(body["Row Id"] as? String == order)
            #expect(body["Company Id"] as? String == gateway.companyId.uuidString.lowercased())
            #expect((body["Requested By User Email"] as? String)?.isEmpty == false)
            #expect((body["data"] as? [String: Any])?["entitySet"] as? String == "salesDocuments")

            let approved = try await FlowTest.answer(client, gateway, delivery, "approve")
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(approved["record"]?["status"]?.string == "Released")
            #expect(approved["flowEntry"]?["response"]?.string == "Continue")
            let released = try await FlowTest.order(client, gateway, order)
            #expect(released["status"]?.string == "Released")
            #expect(released["restricted"]?.bool != true)

            let entries = try await client.call(.get, "\(companyPath)/workflowWebhookEntries", key: gateway.key("integration"))
            let entry = try #require(entries["value"]?.array?.first)
            #expect(entry["response"]?.string == "Continue")
            #expect(entry["initiatedBy"]?.string == "ALICE")
            #expect(entry["recordId"]?.string == order)
            #expect(entry["notificationStatus"]?.string == "Sent")
        }
    }

    @Test("Reject through the callback reopens the order", arguments: TestBackend.all)
    func rejectReopens(_ backend: TestBackend) async throws {
        try await FlowTest.run(on: backend) { client, gateway, receiver in
            #expect(try await FlowTest.subscribe(client, gateway, url: receiver.url).status == .created)
            let order = gateway.salesOrderId.uuidString.lowercased()
            #expect(try await FlowTest.send(client, gateway, order).status == .ok)
            let delivery = try #require(try await receiver.waitForDeliveries(1).first)
            let rejected = try await FlowTest.answer(client, gateway, delivery, "reject")
            #expect(rejected.status == .ok, "\(rejected.text)")
            #expect(try await FlowTest.order(client, gateway, order)["status"]?.string == "Open")
        }
    }

    @Test("500 three times, then 200: four attempts, one delivery marked Sent, and the approval proceeds", arguments: TestBackend.all)
    func retriesUntilDelivered(_ backend: TestBackend) async throws {
        try await FlowTest.run(on: backend) { client, gateway, receiver in
            receiver.answer([500, 500, 500])
            let subscription = try await FlowTest.subscribe(client, gateway, url: receiver.url)
            let subscriptionId = try #require(subscription["id"]?.string)
            let order = gateway.salesOrderId.uuidString.lowercased()
            #expect(try await FlowTest.send(client, gateway, order).status == .ok)

            let deliveries = try await FlowTest.waitForDeliveries(client, gateway, subscription: subscriptionId, status: "delivered")
            #expect(deliveries.count == 1)
            let message = try #require(deliveries.first)
            #expect(message["status"]?.string == "delivered")
            #expect(message["attemptCount"]?.decimal == 4)
            let detail = try await client.call(.get, "/api/v1/deliveries/\(message["id"]?.string ?? "")", key: gateway.key("admin"))
            let attempts = detail["attempts"]?.array ?? []
            #expect(attempts.compactMap { $0["statusCode"]?.decimal } == [500, 500, 500, 200])
            #expect(attempts.prefix(3).allSatisfy { $0["error"]?.string?.isEmpty == false })

            let seen = receiver.deliveries
            #expect(seen.count == 4)
            #expect(Set(seen.compactMap { $0.headers["webhook-id"] }).count == 1, "the webhook-id stays the same across retries")

            let entries = try await client.call(.get, "\(companyPath)/workflowWebhookEntries", key: gateway.key("integration"))
            #expect(entries["value"]?[0]?["notificationStatus"]?.string == "Sent")
            let approved = try await FlowTest.answer(client, gateway, try #require(seen.last), "approve")
            #expect(approved["record"]?["status"]?.string == "Released")
        }
    }

    @Test("410 Gone: the subscription and its workflow leave the lists, and the waiting order is reopened", arguments: TestBackend.all)
    func goneRemovesSubscription(_ backend: TestBackend) async throws {
        try await FlowTest.run(on: backend) { client, gateway, receiver in
            receiver.answer([410])
            let subscription = try await FlowTest.subscribe(client, gateway, url: receiver.url)
            let order = gateway.salesOrderId.uuidString.lowercased()
            #expect(try await FlowTest.send(client, gateway, order).status == .ok)
            try await receiver.waitForDeliveries(1)

            // The removal runs in steps after the 410 (subscription, waiting requests, workflow): wait for the last.
            let deadline = ContinuousClock.now + .seconds(20)
            var subscriptions: [JSONValue] = [JSONValue.null]
            var workflows: [JSONValue] = []
            let registered = { (workflows: [JSONValue]) in workflows.contains { $0["code"]?.string == subscription["workflowCode"]?.string } }
            repeat {
                try await Task.sleep(for: .milliseconds(20))
                subscriptions = try await client.call(.get, "\(companyPath)/workflowWebhookSubscriptions", key: gateway.key("integration"))["value"]?.array ?? []
                workflows = try await client.call(.get, "\(companyPath)/workflows", key: gateway.key("admin"))["value"]?.array ?? []
            } while (!subscriptions.isEmpty || registered(workflows)) && ContinuousClock.now < deadline
            #expect(subscriptions.isEmpty)
            #expect(!registered(workflows))
            #expect(try await FlowTest.order(client, gateway, order)["status"]?.string == "Open")
            let message = try #require(try await client.call(.get, "/api/v1/deliveries", key: gateway.key("admin"))["value"]?.array?.first)
            #expect(message["status"]?.string == "failed")
            #expect(message["lastError"]?.string?.contains("410") == true)
        }
    }
}
