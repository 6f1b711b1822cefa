import FlowGateCore
import FlowGateDelivery
import FlowGateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Instant flows end to end: an admin defines one, a person runs it from a record's Automate menu.
@Suite("Instant flows")
struct InstantFlowTests {
    static func define(
        _ client: any TestClientProtocol, _ gateway: TestGateway, url: String, target: String = "salesDocuments", key: String = "admin"
    ) async throws -> APIResponse {
        let body: [String: Any] = [
            "name": "Ask for a discount", "description": "Sends the order to the pricing team", "target": target, "notificationUrl": url,
            "inputs": [
                ["name": "priority", "type": "choice", "required": true, "choices": ["low", "high"]],
                ["name": "note", "type": "string", "required": false],
                ["name": "percent", "type": "number", "required": false],
                ["name": "until", "type": "date", "required": false],
            ],
        ]
        return try await client.call(.post, "\(companyPath)/instantFlows", key: gateway.key(key), body: try FlowsTest.json(body))
    }

    @Test("Only admins define instant flows; the definition is validated and its secret shown once")
    func define() async throws {
        try await FlowTest.run { client, gateway, receiver in
            #expect(try await Self.define(client, gateway, url: receiver.url, key: "integration").status == .forbidden)
            let created = try await Self.define(client, gateway, url: receiver.url)
            #expect(created.status == .created, "\(created.text)")
            #expect(created["secret"]?.string?.hasPrefix("whsec_") == true)
            let id = try #require(created["id"]?.string)
            let read = try await client.call(.get, "\(companyPath)/instantFlows/\(id)", key: gateway.key("admin"))
            #expect(read.status == .ok && read["secret"] == nil && read["inputs"]?.array?.count == 4)

            let bad = try await client.call(
                .post, "\(companyPath)/instantFlows", key: gateway.key("admin"),
                body: try FlowsTest.json([
                    "name": "x", "target": "planets", "notificationUrl": receiver.url,
                    "inputs": [["name": "a", "type": "choice", "required": true], ["name": "a", "type": "string", "choices": ["z"]]],
                ])
            )
            #expect(bad.status == .badRequest, "\(bad.text)")
            let fields = Set(bad["errors"]?.array?.compactMap { $0["field"]?.string } ?? [])
            #expect(fields.contains("target"), "\(bad.text)")

            let choices = try await client.call(
                .post, "\(companyPath)/instantFlows", key: gateway.key("admin"),
                body: try FlowsTest.json([
                    "name": "x", "target": "customers", "notificationUrl": receiver.url,
                    "inputs": [["name": "a", "type": "choice", "required": true], ["name": "a", "type": "string", "choices": ["z"]]],
                ])
            )
            let choiceFields = Set(choices["errors"]?.array?.compactMap { $0["field"]?.string } ?? [])
            #expect(choiceFields == ["inputs[0].choices", "inputs[1].name", "inputs[1].choices"], "\(choices.text)")

            let nulls = try await client.call(.patch, "\(companyPath)/instantFlows/\(id)", key: gateway.key("admin"), body: #"{"notificationUrl":null,"name":null}"#)
            #expect(nulls.status == .badRequest, "a PATCH null clears; a flow's URL and name cannot be cleared: \(nulls.text)")
            #expect(Set(nulls["errors"]?.array?.compactMap { $0["field"]?.string } ?? []) == ["name", "notificationUrl"])
            let disabled = try await client.call(
                .patch, "\(companyPath)/instantFlows/\(id)", key: gateway.key("admin"), body: #"{"enabled":false}"#, headers: [.ifMatch: read.etag ?? ""]
            )
            #expect(disabled.status == .ok && disabled["enabled"]?.bool == false)
            #expect(try await client.call(.delete, "\(companyPath)/instantFlows/\(id)", key: gateway.key("admin")).status == .noContent)
            #expect(try await client.call(.get, "\(companyPath)/instantFlows/\(id)", key: gateway.key("admin")).status == .notFound)
        }
    }

    @Test(
        "The Automate menu lists the enabled flows of the record's entity set; a run checks its inputs, then delivers the record's context, signed",
        arguments: TestBackend.all
    )
    func runFromTheAutomateMenu(backend: TestBackend) async throws {
        try await FlowTest.run(on: backend, configure: { $0.publicURL = "https://flowgate.example.com" }) { client, gateway, receiver in
            let created = try await Self.define(client, gateway, url: receiver.url)
            let flowId = try #require(created["id"]?.string)
            let secret = try #require(created["secret"]?.string)
            _ = try await Self.define(client, gateway, url: receiver.url, target: "customers")
            let order = gateway.salesOrderId.uuidString.lowercased()
            let recordPath = "\(companyPath)/salesDocuments/\(order)"

            let menu = try await client.call(.get, "\(recordPath)/automate", key: gateway.key("ALICE"))
            #expect(menu.status == .ok && menu["value"]?.array?.map { $0["id"]?.string } == [flowId], "\(menu.text)")
            #expect(!menu.text.contains(receiver.url), "the menu does not show where a flow posts")

            let missing = try await client.call(.post, "\(recordPath)/automate/\(flowId)", key: gateway.key("ALICE"), body: #"{"inputs":{}}"#)
            #expect(missing.status == .badRequest && missing["errors"]?[0]?["field"]?.string == "inputs.priority", "\(missing.text)")
            let outside = try await client.call(
                .post, "\(recordPath)/automate/\(flowId)", key: gateway.key("ALICE"), body: #"{"inputs":{"priority":"urgent"}}"#
            )
            #expect(outside.status == .badRequest && outside.detail.contains("inputs.priority"), "\(outside.text)")
            let wrongType = try await client.call(
                .post, "\(recordPath)/automate/\(flowId)", key: gateway.key("ALICE"),
                body: #"{"inputs":{"priority":"low","percent":"ten","until":"soon","color":"red"}}"#
            )
            let wrongFields = Set(wrongType["errors"]?.array?.compactMap { $0["field"]?.string } ?? [])
            #expect(wrongFields == ["inputs.percent", "inputs.until", "inputs.color"], "\(wrongType.text)")
            #expect(receiver.deliveries.isEmpty)

            let run = try await client.call(
                .post, "\(recordPath)/automate/\(flowId)", key: gateway.key("ALICE"),
                body: #"{"inputs":{"priority":"high","note":"VIP","percent":7.5,"until":"2026-12-31"}}"#
            )
            #expect(run.status == .accepted, "\(run.text)")
            let runId = try #require(run["runId"]?.string)
            let delivery = try #require(try await receiver.waitForDeliveries(1).first)
            try FlowsTest.verify(delivery, secret: secret)
            #expect(delivery.json["type"] as? String == "instantFlow.run")
            let data = try #require(delivery.json["data"] as? [String: Any])
            #expect(data["tableId"] as? Int == 36 && data["pageId"] as? Int == 42)
            #expect(data["systemId"] as? String == order && data["companyName"] as? String == "CRONUS")
            #expect(data["companyId"] as? String == gateway.companyId.uuidString.lowercased())
            #expect(data["entitySet"] as? String == "salesDocuments" && data["runBy"] as? String == "ALICE")
            #expect(data["webClientUrl"] as? String == "https://flowgate.example.com/api/v1/companies/\(gateway.companyId.uuidString.lowercased())/salesDocuments/\(order)")
            #expect((data["inputs"] as? [String: Any])?["priority"] as? String == "high")
            #expect((data["record"] as? [String: Any])?["id"] as? String == order)
            #expect(data["environment"] as? String == "production")

            let delivered = try await FlowsTest.eventually {
                try await client.call(.get, "\(companyPath)/instantFlowRuns/\(runId)", key: gateway.key("ALICE"))["status"]?.string == "delivered"
            }
            #expect(delivered)
            let state = try await client.call(.get, "\(companyPath)/instantFlowRuns/\(runId)", key: gateway.key("ALICE"))
            #expect(state["attempts"]?.array?.count == 1 && state["flowId"]?.string == flowId, "\(state.text)")
            #expect(!state.text.contains(receiver.url), "a run's attempts do not show the URL")
            #expect(try await client.call(.get, "\(companyPath)/instantFlowRuns/\(runId)", key: gateway.key("BOB")).status == .notFound)
            #expect(try await client.call(.get, "\(companyPath)/instantFlowRuns/\(runId)", key: gateway.key("integration")).status == .ok)
            #expect(try await client.call(.get, "\(companyPath)/instantFlowRuns/\(UUID())", key: gateway.key("ALICE")).status == .notFound)
        }
    }

    @Test("With automation off for the company, the menu is empty and runs answer 403; only admins switch it", arguments: TestBackend.all)
    func automationSwitch(backend: TestBackend) async throws {
        try await FlowTest.run(on: backend) { client, gateway, receiver in
            let flowId = try #require(try await Self.define(client, gateway, url: receiver.url)["id"]?.string)
            let recordPath = "\(companyPath)/salesDocuments/\(gateway.salesOrderId.uuidString.lowercased())"
            let refused = try await client.call(.patch, companyPath, key: gateway.key("integration"), body: #"{"automationEnabled":false}"#)
            #expect(refused.status == .forbidden)
            let off = try await client.call(.patch, companyPath, key: gateway.key("admin"), body: #"{"automationEnabled":false}"#)
            #expect(off.status == .ok && off["automationEnabled"]?.bool == false, "\(off.text)")
            #expect(try await client.call(.get, "\(recordPath)/automate", key: gateway.key("ALICE"))["value"]?.array?.isEmpty == true)
            let run = try await client.call(.post, "\(recordPath)/automate/\(flowId)", key: gateway.key("ALICE"), body: #"{"inputs":{"priority":"low"}}"#)
            #expect(run.status == .forbidden, "\(run.text)")
            #expect(try await client.call(.patch, companyPath, key: gateway.key("admin"), body: #"{"automationEnabled":true}"#).status == .ok)
            #expect(try await client.call(.get, "\(recordPath)/automate", key: gateway.key("ALICE"))["value"]?.array?.count == 1)
            let unknown = try await client.call(.patch, companyPath, key: gateway.key("admin"), body: #"{"name":"Other"}"#)
            #expect(unknown.status == .badRequest)
            let null = try await client.call(.patch, companyPath, key: gateway.key("admin"), body: #"{"automationEnabled":null}"#)
            #expect(null.status == .badRequest && null.detail == "automationEnabled: cannot be null; leave it out to keep the current value", "\(null.text)")
        }
    }
}
