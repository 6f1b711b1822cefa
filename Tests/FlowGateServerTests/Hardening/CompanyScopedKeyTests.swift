import FlowGateCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Keys limited to some companies (Business Central grants permissions per company): any other company's data
/// is answered as if it did not exist, and lists show only the key's companies.
@Suite("API keys limited to companies")
struct CompanyScopedKeyTests {
    /// Creates FABRIKAM beside the demo's CRONUS and returns a key of `user` with `role` limited to `companies`.
    static func scopedKey(
        _ client: any TestClientProtocol, _ gateway: TestGateway, user: String, role: String, companies: String
    ) async throws -> APIResponse {
        try await client.call(
            .post, "/api/v1/users/\(user)/apiKeys", key: gateway.key("admin"), body: #"{"role": "\#(role)", "companies": \#(companies)}"#
        )
    }

    static func makeFabrikam(_ client: any TestClientProtocol, _ gateway: TestGateway) async throws -> String {
        let created = try await client.call(.post, "/api/v1/companies", key: gateway.key("admin"), body: #"{"name": "FABRIKAM"}"#)
        return try #require(created["id"]?.string)
    }

    @Test("A key limited to CRONUS sees CRONUS only: FABRIKAM's resources are 404 as if absent, lists leave it out")
    func recordsAndLists() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let fabrikam = try await Self.makeFabrikam(client, gateway)
            #expect(try await client.call(.post, "/api/v1/companies/FABRIKAM/customers", key: gateway.key("admin"), body: #"{"fields":{}}"#).status == .created)

            let created = try await Self.scopedKey(client, gateway, user: "ALICE", role: "user", companies: #"["cronus"]"#)
            #expect(created.status == .created, "\(created.text)")
            #expect(created["companies"]?.array == [.string(gateway.companyId.uuidString.lowercased())])
            let key = try #require(created["key"]?.string)

            let companies = try await client.call(.get, "/api/v1/companies", key: key)
            #expect(companies["value"]?.array?.compactMap { $0["name"]?.string } == ["CRONUS"])
            for path in ["/api/v1/companies/FABRIKAM", "/api/v1/companies/\(fabrikam)", "/api/v1/companies/FABRIKAM/customers",
                         "/api/v1/companies/FABRIKAM/approvalEntries", "/api/v1/companies/FABRIKAM/workflows",
                         "/api/v1/companies/FABRIKAM/notificationEntries", "/api/v1/companies/FABRIKAM/approvalUserSetup"] {
                let response = try await client.call(.get, path, key: key)
                #expect(response.status == .notFound, "\(path): \(response.text)")
                #expect(response.detail == "Company 'FABRIKAM' does not exist." || response.detail == "Company '\(fabrikam)' does not exist.")
            }
            #expect(try await client.call(.get, "\(companyPath)/salesDocuments", key: key).status == .ok)
            // An unlimited key keeps today's behaviour.
            let all = try await client.call(.get, "/api/v1/companies", key: gateway.key("ALICE"))
            #expect(all["value"]?.array?.count == 2)
            #expect(try await client.call(.get, "/api/v1/companies/FABRIKAM/customers", key: gateway.key("ALICE")).status == .ok)
        }
    }

    @Test("A limited key cannot reach further: it makes no company, and the keys it makes stay within its companies")
    func noEscalation() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let fabrikam = try await Self.makeFabrikam(client, gateway)
            let admin = try #require(try await Self.scopedKey(client, gateway, user: "ADMIN", role: "admin", companies: #"["FABRIKAM"]"#)["key"]?.string)

            let company = try await client.call(.post, "/api/v1/companies", key: admin, body: #"{"name": "NEWCO"}"#)
            #expect(company.status == .forbidden)
            #expect(company.detail == "A key limited to some companies may not create companies; use a key for every company.")

            let inherited = try await client.call(.post, "/api/v1/users/BOB/apiKeys", key: admin, body: #"{"role": "user"}"#)
            #expect(inherited.status == .created, "\(inherited.text)")
            #expect(inherited["companies"]?.array == [.string(fabrikam)], "a key made without companies gets its maker's")
            let beyond = try await client.call(.post, "/api/v1/users/BOB/apiKeys", key: admin, body: #"{"role": "user", "companies": ["CRONUS"]}"#)
            #expect(beyond.status == .badRequest)
            #expect(beyond["errors"]?[0]?["field"]?.string == "companies[0]")
            #expect(beyond["errors"]?[0]?["message"]?.string == "Company 'CRONUS' does not exist.")
        }
    }

    @Test("companies must be a non-empty list of existing companies' ids or names", arguments: [
        (#"[]"#, "companies", "must name at least one company; leave it out for every company"),
        (#"[5]"#, "companies[0]", "must be a company's id or name: a non-empty string"),
        (#"["CRONUS", "NOPE"]"#, "companies[1]", "Company 'NOPE' does not exist."),
        (#""CRONUS""#, "companies", "must be an array, not string"),
    ])
    func badCompanies(companies: String, field: String, message: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let response = try await Self.scopedKey(client, gateway, user: "ALICE", role: "user", companies: companies)
            #expect(response.status == .badRequest)
            #expect(response["errors"]?[0]?["field"]?.string == field, "\(response.text)")
            #expect(response["errors"]?[0]?["message"]?.string == message, "\(response.text)")
            #expect(try await client.call(.get, "/api/v1/users/ALICE/apiKeys", key: gateway.key("admin"))["value"]?.array?.count == 1)
        }
    }

    @Test("An integration key limited to FABRIKAM sees none of CRONUS's deliveries, cannot retry them nor answer its callbacks")
    func deliveriesAndCallbacks() async throws {
        try await FlowTest.run { client, gateway, receiver in
            let subscribed = try await FlowTest.subscribe(client, gateway, url: receiver.url)
            #expect(subscribed.status == .created)
            let subscriptionId = try #require(subscribed["id"]?.string)
            #expect(try await FlowTest.send(client, gateway, gateway.salesOrderId.uuidString.lowercased()).status == .ok)
            let delivery = try #require(try await receiver.waitForDeliveries(1).first)
            let messages = try await FlowTest.waitForDeliveries(client, gateway, subscription: subscriptionId, status: "delivered")
            let messageId = try #require(messages.first?["id"]?.string)

            _ = try await Self.makeFabrikam(client, gateway)
            let limited = try await Self.scopedKey(client, gateway, user: "SHOPAPP", role: "integration", companies: #"["FABRIKAM"]"#)
            let key = try #require(limited["key"]?.string)

            let list = try await client.call(.get, "/api/v1/deliveries", key: key)
            #expect(list.status == .ok)
            #expect(list["value"]?.array?.isEmpty == true, "\(list.text)")
            #expect(try await client.call(.get, "/api/v1/deliveries/\(messageId)", key: key).status == .notFound)
            #expect(try await client.call(.post, "/api/v1/deliveries/\(messageId)/retry", key: key).status == .notFound)
            #expect(try await client.call(.get, "\(companyPath)/workflowWebhookSubscriptions", key: key).status == .notFound)
            #expect(try await client.call(.get, "\(companyPath)/workflowWebhookEntries", key: key).status == .notFound)

            let data = delivery.json["data"] as? [String: Any]
            let approve = try #require((data?["callbacks"] as? [String: String])?["approve"].flatMap(URL.init(string:)))
            let answer = try await client.call(.post, approve.path, key: key)
            #expect(answer.status == .notFound, "\(answer.text)")
            #expect(try await FlowTest.order(client, gateway, gateway.salesOrderId.uuidString.lowercased())["status"]?.string == "Pending Approval")

            // The unlimited integration key still sees and answers it.
            #expect(try await client.call(.get, "/api/v1/deliveries", key: gateway.key("integration"))["value"]?.array?.count == 1)
            #expect(try await FlowTest.answer(client, gateway, delivery, "approve").status == .ok)
        }
    }
}
