import FlowGateCore
import FlowGateDelivery
import FlowGateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Automated flows end to end: Business Central API webhook subscriptions, a real receiver on loopback.
@Suite("Record-change subscriptions")
struct RecordSubscriptionTests {
    @Test("The handshake must echo the token: a wrong token, an error status or an unreachable URL is refused with what it answered")
    func handshakeRefusals() async throws {
        try await FlowTest.run { client, gateway, receiver in
            receiver.handshake(.wrongToken)
            let wrong = try await FlowsTest.subscribe(client, gateway, url: receiver.url)
            #expect(wrong.status == .badRequest && wrong["type"]?.string == "handshake-failed")
            #expect(wrong.detail.contains("without the validationToken") && wrong.detail.contains("not-the-token"), "\(wrong.detail)")

            receiver.handshake(.status(404))
            let missing = try await FlowsTest.subscribe(client, gateway, url: receiver.url)
            #expect(missing.status == .badRequest && missing.detail.contains("answered 404"), "\(missing.detail)")

            let closed = try await FlowsTest.subscribe(client, gateway, url: "http://127.0.0.1:1/hook")
            #expect(closed.status == .badRequest && closed.detail.contains("could not be reached"), "\(closed.detail)")
            #expect(receiver.handshakeTokens.count == 2)
            #expect(try await client.call(.get, "/api/v1/subscriptions", key: gateway.key("admin"))["value"]?.array?.isEmpty == true)
        }
    }

    @Test("Bad bodies are refused before any call: unknown resource or entity set, long clientState, unknown field, private address")
    func badBodies() async throws {
        try await FlowTest.run(allowLoopback: false) { client, gateway, receiver in
            let cases: [(body: [String: Any], field: String)] = [
                (["notificationUrl": "https://example.com/hook", "resource": "/api/v1/companies/CRONUS/planets"], "resource"),
                (["notificationUrl": "https://example.com/hook", "resource": "/api/v1/companies/NOPE/customers"], "resource"),
                (["notificationUrl": "https://example.com/hook", "resource": "customers"], "resource"),
                (
                    ["notificationUrl": "https://example.com/hook", "resource": "/api/v1/companies/CRONUS/customers",
                     "clientState": String(repeating: "x", count: 2049)], "clientState"
                ),
                (["notificationUrl": "https://example.com/hook", "resource": "/api/v1/companies/CRONUS/customers", "extra": 1], "extra"),
                (["notificationUrl": receiver.url, "resource": "/api/v1/companies/CRONUS/customers"], "notificationUrl"),
            ]
            for (body, field) in cases {
                let response = try await client.call(.post, "/api/v1/subscriptions", key: gateway.key("integration"), body: try FlowsTest.json(body))
                #expect(response.status == .badRequest, "\(body): \(response.text)")
                #expect(response["errors"]?.array?.contains { $0["field"]?.string == field } == true, "\(field): \(response.text)")
            }
            #expect(receiver.handshakeTokens.isEmpty)
            let asUser = try await client.call(
                .post, "/api/v1/subscriptions", key: gateway.key("ALICE"),
                body: try FlowsTest.json(["notificationUrl": "https://example.com/hook", "resource": FlowsTest.resource(gateway, "customers")])
            )
            #expect(asUser.status == .forbidden)
        }
    }

    @Test("Subscribe, read, renew with If-Match (428 without, 412 stale, handshake again), delete", arguments: TestBackend.all)
    func lifecycle(backend: TestBackend) async throws {
        try await FlowTest.run(on: backend, configure: { $0.flows.subscriptionLifetime = 3600 }) { client, gateway, receiver in
            let created = try await FlowsTest.subscribe(client, gateway, url: receiver.url)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created["subscriptionId"]?.string)
            #expect(created.headers[.location] == "/api/v1/subscriptions/\(id)")
            #expect(created["secret"]?.string?.hasPrefix("whsec_") == true)
            #expect(created["clientState"]?.string == "s3cret")
            #expect(created["resource"]?.string == FlowsTest.resource(gateway, "customers"))
            let expiry = try #require(created["expirationDateTime"]?.string.flatMap { Date(rfc3339: $0) })
            #expect(abs(expiry.timeIntervalSinceNow - 3600) < 60)
            let etag = try #require(created.etag)

            let read = try await client.call(.get, "/api/v1/subscriptions/\(id)", key: gateway.key("integration"))
            #expect(read.status == .ok && read["secret"] == nil && read.etag == etag)

            let noMatch = try await client.call(.patch, "/api/v1/subscriptions/\(id)", key: gateway.key("integration"), body: "{}")
            #expect(noMatch.status.code == 428, "\(noMatch.text)")
            let stale = try await client.call(
                .patch, "/api/v1/subscriptions/\(id)", key: gateway.key("integration"), body: "{}", headers: [.ifMatch: "\"99\""]
            )
            #expect(stale.status == .preconditionFailed)
            let nullURL = try await client.call(
                .patch, "/api/v1/subscriptions/\(id)", key: gateway.key("integration"), body: #"{"notificationUrl":null}"#, headers: [.ifMatch: etag]
            )
            #expect(nullURL.status == .badRequest && nullURL.detail.hasPrefix("notificationUrl: cannot be null"), "\(nullURL.text)")
            let renewed = try await client.call(
                .patch, "/api/v1/subscriptions/\(id)", key: gateway.key("integration"), body: #"{"clientState":"new"}"#, headers: [.ifMatch: etag]
            )
            #expect(renewed.status == .ok, "\(renewed.text)")
            #expect(renewed["clientState"]?.string == "new" && renewed.etag != etag)
            #expect(receiver.handshakeTokens.count == 2, "the renewal repeats the handshake")
            #expect(Set(receiver.handshakeTokens).count == 2, "each handshake has its own token")

            receiver.handshake(.status(500))
            let refused = try await client.call(
                .patch, "/api/v1/subscriptions/\(id)", key: gateway.key("integration"), body: "{}", headers: [.ifMatch: renewed.etag ?? ""]
            )
            #expect(refused.status == .badRequest && refused["type"]?.string == "handshake-failed")

            #expect(try await client.call(.delete, "/api/v1/subscriptions/\(id)", key: gateway.key("integration")).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/subscriptions/\(id)", key: gateway.key("integration")).status == .notFound)
        }
    }

    @Test("A company may have only so many subscriptions: 409 beyond the limit", arguments: [1])
    func limit(maximum: Int) async throws {
        try await FlowTest.run(configure: { $0.flows.maximumSubscriptionsPerCompany = maximum }) { client, gateway, receiver in
            #expect(try await FlowsTest.subscribe(client, gateway, url: receiver.url).status == .created)
            let over = try await FlowsTest.subscribe(client, gateway, url: receiver.url, entitySet: "vendors")
            #expect(over.status == .conflict && over["type"]?.string == "too-many-subscriptions", "\(over.text)")
        }
    }

    @Test("Within one window, created + modified twice + deleted arrive as one POST, signed, with the client state", arguments: TestBackend.all)
    func coalescedWindow(backend: TestBackend) async throws {
        // The window is long enough for the six calls on a busy machine; the test waits for it to close.
        try await FlowTest.run(on: backend, configure: { $0.flows.recordChangeDelay = 5 }) { client, gateway, receiver in
            let subscription = try await FlowsTest.subscribe(client, gateway, url: receiver.url)
            let secret = try #require(subscription["secret"]?.string)
            let id = try await FlowsTest.createCustomer(client, gateway, name: "Window Ltd")
            try await FlowsTest.patchCustomer(client, gateway, id, name: "Window Ltd 2")
            try await FlowsTest.patchCustomer(client, gateway, id, name: "Window Ltd 3")
            try await FlowsTest.deleteCustomer(client, gateway, id)
            let other = try await FlowsTest.createCustomer(client, gateway, name: "Second")
            try await FlowsTest.patchCustomer(client, gateway, other, name: "Second 2")
            let deliveries = try await receiver.waitForDeliveries(1)
            try await Task.sleep(for: .milliseconds(500))
            #expect(receiver.deliveries.count == 1, "one POST for the window")
            let delivery = try #require(deliveries.first)
            try FlowsTest.verify(delivery, secret: secret)
            let items = FlowsTest.items(delivery)
            let changes = items.map { "\(($0["resource"] as? String)?.split(separator: "/").last ?? "") \($0["changeType"] as? String ?? "")" }
            #expect(changes == ["\(id) created", "\(id) deleted", "\(other) created"], "\(delivery.text)")
            #expect(items.allSatisfy { $0["clientState"] as? String == "s3cret" && $0["subscriptionId"] as? String == subscription["subscriptionId"]?.string })
            #expect(items.allSatisfy { ($0["resource"] as? String)?.hasPrefix(FlowsTest.resource(gateway, "customers") + "/") == true })
        }
    }

    @Test("With a window of 0, each change arrives on its own, in order")
    func windowZero() async throws {
        try await FlowTest.run(configure: { $0.flows.recordChangeDelay = 0 }) { client, gateway, receiver in
            #expect(try await FlowsTest.subscribe(client, gateway, url: receiver.url).status == .created)
            let id = try await FlowsTest.createCustomer(client, gateway, name: "Instant Ltd")
            #expect(try await receiver.waitForDeliveries(1).count == 1)
            try await FlowsTest.patchCustomer(client, gateway, id, name: "Instant Ltd 2")
            #expect(try await receiver.waitForDeliveries(2).count == 2)
            try await FlowsTest.deleteCustomer(client, gateway, id)
            let deliveries = try await receiver.waitForDeliveries(3)
            let types = deliveries.map { FlowsTest.items($0).map { $0["changeType"] as? String ?? "" } }
            #expect(types == [["created"], ["updated"], ["deleted"]])
            #expect(Set(deliveries.compactMap { $0.headers["webhook-id"] }).count == 3)
        }
    }

    @Test("A receiver answering 404 deletes its subscription, as Business Central does; includeDeleted shows why", arguments: TestBackend.all)
    func refusalDeletes(backend: TestBackend) async throws {
        try await FlowTest.run(on: backend, configure: { $0.flows.recordChangeDelay = 0 }) { client, gateway, receiver in
            let id = try #require(try await FlowsTest.subscribe(client, gateway, url: receiver.url)["subscriptionId"]?.string)
            receiver.answer([404])
            _ = try await FlowsTest.createCustomer(client, gateway, name: "Gone Ltd")
            #expect(try await receiver.waitForDeliveries(1).count == 1)
            let deleted = try await FlowsTest.eventually {
                try await client.call(.get, "/api/v1/subscriptions/\(id)", key: gateway.key("integration"))["deleted"]?.bool == true
            }
            #expect(deleted)
            let live = try await client.call(.get, "/api/v1/subscriptions", key: gateway.key("integration"))
            #expect(live["value"]?.array?.isEmpty == true)
            let all = try await client.call(.get, "/api/v1/subscriptions?includeDeleted=true", key: gateway.key("integration"))
            let shown = try #require(all["value"]?[0])
            #expect(shown["deletionReason"]?.string?.contains("404") == true, "\(all.text)")
            _ = try await FlowsTest.createCustomer(client, gateway, name: "Unheard Ltd")
            try await Task.sleep(for: .milliseconds(300))
            #expect(receiver.deliveries.count == 1, "a deleted subscription receives nothing")
        }
    }

    @Test("A receiver answering 503 is retried with the same webhook-id, then served; the subscription stays", arguments: TestBackend.all)
    func serverErrorRetried(backend: TestBackend) async throws {
        try await FlowTest.run(on: backend, configure: { $0.flows.recordChangeDelay = 0 }) { client, gateway, receiver in
            let id = try #require(try await FlowsTest.subscribe(client, gateway, url: receiver.url)["subscriptionId"]?.string)
            receiver.answer([503, 500])
            _ = try await FlowsTest.createCustomer(client, gateway, name: "Busy Ltd")
            let deliveries = try await receiver.waitForDeliveries(3)
            #expect(deliveries.count == 3)
            #expect(Set(deliveries.compactMap { $0.headers["webhook-id"] }).count == 1)
            let delivered = try await FlowsTest.eventually {
                let list = try await client.call(.get, "/api/v1/deliveries?subscriptionId=\(id)", key: gateway.key("admin"))
                return list["value"]?[0]?["status"]?.string == "delivered"
            }
            #expect(delivered)
            #expect(try await client.call(.get, "/api/v1/subscriptions/\(id)", key: gateway.key("integration"))["deleted"]?.bool == false)
        }
    }

    @Test("Workflow responses notify too: sending an order for approval reports its status change")
    func workflowResponsesNotify() async throws {
        try await FlowTest.run(configure: { $0.flows.recordChangeDelay = 0 }) { client, gateway, receiver in
            #expect(try await FlowTest.subscribe(client, gateway, url: receiver.url).status == .created)
            #expect(try await FlowsTest.subscribe(client, gateway, url: receiver.url, entitySet: "salesDocuments").status == .created)
            let order = gateway.salesOrderId.uuidString.lowercased()
            #expect(try await FlowTest.send(client, gateway, order).status == .ok)
            let found = try await FlowsTest.eventually {
                receiver.deliveries.contains { delivery in
                    FlowsTest.items(delivery).contains { ($0["resource"] as? String)?.hasSuffix("/salesDocuments/\(order)") == true }
                }
            }
            #expect(found, "\(receiver.deliveries.map(\.text))")
        }
    }

    @Test("A change that a field-change approval workflow looks at, but holds nothing back from, is notified")
    func changeThroughTheEngine() async throws {
        try await FlowTest.run(configure: { $0.flows.recordChangeDelay = 0 }) { client, gateway, receiver in
            let admin = gateway.key("admin")
            #expect(try await client.call(.put, "\(companyPath)/workflowUserGroups/CREDIT", key: admin, body: #"{"members": [{"userName": "BOB", "sequenceNo": 1}]}"#).status == .created)
            let copy = try await client.call(.post, "\(companyPath)/workflowTemplates/MS-CCLCAPW/copy", key: admin, body: #"{"code": "CCLCAPW"}"#)
            let body = String(decoding: try JSONEncoder().encode(RecordChangeApprovalTests.withGroup(copy.json, "CREDIT")), as: UTF8.self)
            #expect(try await client.call(.put, "\(companyPath)/workflows/CCLCAPW", key: admin, body: body).status == .ok)
            #expect(try await client.call(.post, "\(companyPath)/workflows/CCLCAPW/enable", key: admin).status == .ok)
            #expect(try await FlowsTest.subscribe(client, gateway, url: receiver.url).status == .created)
            let customer = try #require(try await client.call(.get, "\(companyPath)/customers", key: admin)["value"]?[0]?["id"]?.string)
            let patched = try await client.call(
                .patch, "\(companyPath)/customers/\(customer)", key: gateway.key("integration"), body: #"{"fields": {"phone": "555"}}"#
            )
            #expect(patched.status == .ok, "\(patched.text)")
            let deliveries = try await receiver.waitForDeliveries(1)
            #expect(deliveries.first.map(FlowsTest.items)?.first?["changeType"] as? String == "updated", "\(deliveries.map(\.text))")
        }
    }

    @Test("clientState is counted in characters that cannot hide megabytes; a notification URL with a fragment is refused")
    func clientStateAndFragment() async throws {
        try await FlowTest.run { client, gateway, receiver in
            let combining = "a" + String(repeating: "\u{301}", count: 3000)
            let long = try await FlowsTest.subscribe(client, gateway, url: receiver.url, clientState: combining)
            #expect(long.status == .badRequest && long["errors"]?[0]?["field"]?.string == "clientState", "\(long.text.prefix(300))")
            let fragment = try await FlowsTest.subscribe(client, gateway, url: receiver.url + "#part")
            #expect(fragment.status == .badRequest && fragment["errors"]?[0]?["field"]?.string == "notificationUrl")
            #expect(receiver.handshakeTokens.isEmpty)
        }
    }

    @Test("More changed records than the threshold in one window become one collection notification")
    func collection() async throws {
        try await FlowTest.run(configure: { $0.flows.recordChangeDelay = 1; $0.flows.collectionThreshold = 2 }) { client, gateway, receiver in
            #expect(try await FlowsTest.subscribe(client, gateway, url: receiver.url).status == .created)
            for name in ["A", "B", "C"] { _ = try await FlowsTest.createCustomer(client, gateway, name: name) }
            let delivery = try #require(try await receiver.waitForDeliveries(1).first)
            let items = FlowsTest.items(delivery)
            #expect(items.count == 1 && items.first?["changeType"] as? String == "collection", "\(delivery.text)")
            let resource = try #require(items.first?["resource"] as? String)
            #expect(resource.hasPrefix(FlowsTest.resource(gateway, "customers") + "?$filter=lastModifiedDateTime gt "), "\(resource)")
        }
    }
}
