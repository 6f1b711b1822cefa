import FlowGateCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The requests that stopped the gateway or went wrong in the attack of issue #11, replayed against a real server
/// on loopback: each gets a clear 4xx problem, and the gateway keeps serving afterwards.
@Suite("Hostile requests: a 4xx problem, and the gateway keeps serving")
struct HostileRequestTests {
    static func expectStillServing(_ client: any TestClientProtocol, _ gateway: TestGateway) async throws {
        #expect(try await client.call(.get, "/health/live").status == .ok)
        #expect(try await client.call(.get, "/api/v1/companies", key: gateway.key("ALICE")).status == .ok)
    }

    static func base64(_ json: String) -> String { Data(json.utf8).base64EncodedString() }

    @Test("A user key asking for a key with role null (or no role, or a wrong one) gets a 400 naming role")
    func nullRole() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.live { client in
            let alice = gateway.key("ALICE")
            for body in [#"{"role": null}"#, #"{}"#, #"{"role": 5}"#, #"{"role": "root"}"#, #"{"role": []}"#] {
                let response = try await client.call(.post, "/api/v1/users/ALICE/apiKeys", key: alice, body: body)
                #expect(response.status == .badRequest, "\(body): \(response.text)")
                #expect(response.isProblem)
                #expect(response["errors"]?[0]?["field"]?.string == "role", "\(body): \(response.text)")
            }
            try await Self.expectStillServing(client, gateway)
            #expect(try await client.call(.post, "/api/v1/users/ALICE/apiKeys", key: alice, body: #"{"role": "user"}"#).status == .created)
        }
    }

    @Test(
        "10,000 nested parentheses in subscription conditions are a 400 invalid-filter naming the position",
        arguments: ["HeaderConditions", "LinesConditions"]
    )
    func deepSubscriptionConditions(key: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.live { client in
            // 10,000 levels balanced are past the length limit already; 4,000 levels fit in it and pass the nesting limit.
            let cases = [
                (String(repeating: "(", count: 10_000), "parentheses are nested deeper than 32 levels at position 33."),
                (String(repeating: "(", count: 4_000) + "Order" + String(repeating: ")", count: 4_000), "parentheses are nested deeper than 32 levels at position 33."),
                (String(repeating: "(", count: 10_000) + "Order" + String(repeating: ")", count: 10_000), "longer than 10000 characters at position 10001."),
            ]
            for (filter, ending) in cases {
                let field = key == "LinesConditions" ? "type" : "documentType"
                let conditions = Self.base64(#"{"\#(key)":[{"Name":"\#(field)","Value":"\#(filter)"}]}"#)
                let body = #"{"notificationUrl":"https://example.com/hook","eventCode":"RUNWORKFLOWONSENDSALESDOCFORAPPROVAL","conditions":"\#(conditions)"}"#
                let response = try await client.call(
                    .post, "\(companyPath)/workflowWebhookSubscriptions", key: gateway.key("integration"), body: body
                )
                #expect(response.status == .badRequest, "\(response.text.prefix(300))")
                #expect(response["type"]?.string == "invalid-filter")
                #expect(response.detail.hasSuffix(ending), "\(response.detail.suffix(200))")
            }
            let none = try await client.call(.get, "\(companyPath)/workflowWebhookSubscriptions", key: gateway.key("integration"))
            #expect(none["value"]?.array?.isEmpty == true, "nothing was stored")
            try await Self.expectStillServing(client, gateway)
        }
    }

    @Test("10,000 nested parentheses, or 10,001 characters, in a workflow step's eventConditions are a 400 invalid-filter")
    func deepWorkflowConditions() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.live { client in
            let cases = [
                (String(repeating: "(", count: 10_000), "parentheses are nested deeper than 32 levels at position 33."),
                (String(repeating: "(", count: 10_000) + "Quote" + String(repeating: ")", count: 10_000), "longer than 10000 characters at position 10001."),
                (String(repeating: "Q", count: 10_001), "longer than 10000 characters at position 10001."),
            ]
            for (filter, ending) in cases {
                let body = quoteWorkflow(filter: filter)
                let response = try await WorkflowCalls.put(client, gateway, "QUOTES", body)
                #expect(response.status == .badRequest)
                #expect(response["type"]?.string == "invalid-filter")
                #expect(response.detail.hasSuffix(ending), "\(response.detail.suffix(200))")
                #expect(response.text.count < 30_000, "the problem does not echo a huge filter")
            }
            #expect(try await WorkflowCalls.get(client, gateway, "QUOTES").status == .notFound)
            // At the limit a filter still works: 32 levels are accepted.
            let nested = String(repeating: "(", count: 32) + "Quote" + String(repeating: ")", count: 32)
            let accepted = try await WorkflowCalls.put(client, gateway, "QUOTES", quoteWorkflow(filter: nested))
            #expect(accepted.status == .created, "\(accepted.text)")
            try await Self.expectStillServing(client, gateway)
        }
    }

    private func quoteWorkflow(filter: String) -> JSONValue {
        .object([
            "description": .string("Quotes"),
            "steps": .array([
                WorkflowCalls.parse(
                    #"{"id": 1, "entryPoint": true, "type": "Event", "functionName": "RUNWORKFLOWONSENDSALESDOCFORAPPROVAL"}"#
                ).settingArgument(
                    "eventConditions", .object(["header": .array([.object(["field": "documentType", "filter": .string(filter)])])])
                ),
                WorkflowCalls.parse(
                    #"{"id": 2, "previousStepId": 1, "type": "Response", "functionName": "CREATEAPPROVALREQUESTS", "argument": {"approverType": "Approver", "approverLimitType": "Direct Approver"}}"#
                ),
            ]),
        ])
    }

    @Test("A body nested deeper than 64 levels is refused unread with a 400; 64 levels are accepted")
    func deepBody() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.live { client in
            // The body and `fields` are two levels; the rest is an array nested inside.
            func body(depth: Int) -> String {
                #"{"fields": {"deep": "# + String(repeating: "[", count: depth - 2) + String(repeating: "]", count: depth - 2) + "}}"
            }
            let refused = try await client.call(.post, "\(companyPath)/customers", key: gateway.key("admin"), body: body(depth: 65))
            #expect(refused.status == .badRequest)
            #expect(refused["type"]?.string == "malformed-json")
            #expect(refused.detail == "The request body nests arrays and objects deeper than 64 levels.")
            let hundredThousand = String(repeating: "[", count: 100_000)
            #expect(try await client.call(.post, "\(companyPath)/customers", key: gateway.key("admin"), body: hundredThousand).status == .badRequest)
            let accepted = try await client.call(.post, "\(companyPath)/customers", key: gateway.key("admin"), body: body(depth: 64))
            #expect(accepted.status == .created, "\(accepted.text.prefix(300))")
            try await Self.expectStillServing(client, gateway)
        }
    }

    @Test(
        "Users whose names need percent-encoding are reached at their encoded path: read, changed, keys made and revoked",
        arguments: [("ANNA MARIA", "ANNA%20MARIA"), ("JOSÉ", "JOS%C3%89"), ("ROBOT 🤖", "ROBOT%20%F0%9F%A4%96")]
    )
    func percentEncodedUserNames(name: String, encoded: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.live { client in
            let admin = gateway.key("admin")
            let created = try await client.call(.post, "/api/v1/users", key: admin, body: #"{"userName": "\#(name)"}"#)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.headers[.location] == "/api/v1/users/\(encoded)")
            let read = try await client.call(.get, "/api/v1/users/\(encoded)", key: admin)
            #expect(read.status == .ok, "\(read.text)")
            #expect(read["userName"]?.string == name)

            let key = try await client.call(.post, "/api/v1/users/\(encoded)/apiKeys", key: admin, body: #"{"role": "user"}"#)
            #expect(key.status == .created, "\(key.text)")
            let keyId = try #require(key["id"]?.string)
            #expect(key.headers[.location] == "/api/v1/users/\(encoded)/apiKeys/\(keyId)")
            #expect(try await client.call(.get, "/api/v1/users/\(encoded)/apiKeys", key: admin)["value"]?.array?.count == 1)
            #expect(try await client.call(.delete, "/api/v1/users/\(encoded)/apiKeys/\(keyId)", key: admin).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/users/\(encoded)/apiKeys", key: admin)["value"]?.array?.isEmpty == true)

            let disabled = try await client.call(.patch, "/api/v1/users/\(encoded)", key: admin, body: #"{"state": "disabled"}"#)
            #expect(disabled.status == .ok, "\(disabled.text)")
            #expect(disabled["state"]?.string == "disabled")
        }
    }

    @Test("A company whose name has a space is reached by its encoded name")
    func percentEncodedCompanyName() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.live { client in
            let admin = gateway.key("admin")
            #expect(try await client.call(.post, "/api/v1/companies", key: admin, body: #"{"name": "My Company"}"#).status == .created)
            let read = try await client.call(.get, "/api/v1/companies/My%20Company", key: admin)
            #expect(read.status == .ok, "\(read.text)")
            #expect(read["name"]?.string == "My Company")
            #expect(try await client.call(.get, "/api/v1/companies/My%20Company/customers", key: admin).status == .ok)
        }
    }

    @Test(
        "Broken transfer framing (a bad chunk size, Transfer-Encoding gzip) is a 400 problem, not a 503",
        arguments: [
            ("Transfer-Encoding: chunked", "zz\r\nabc\r\n0\r\n\r\n", "invalid character in chunk size header"),
            ("Transfer-Encoding: gzip", "abc", "unsupported Transfer-Encoding"),
        ]
    )
    func brokenFraming(header: String, body: String, detail: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.live { client in
            let port = try #require(client.port)
            let request = "POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(gateway.key("admin"))\r\n"
                + "Content-Type: application/json\r\n\(header)\r\n\r\n\(body)"
            let answer = try await RawHTTP.exchange(port: port, Array(request.utf8))
            #expect(answer.hasPrefix("HTTP/1.1 400 "), "\(answer)")
            #expect(answer.contains("application/problem+json"))
            #expect(answer.contains(#""type":"malformed-request""#), "\(answer)")
            #expect(answer.contains(detail), "\(answer)")
            try await Self.expectStillServing(client, gateway)
        }
    }

    @Test(
        "A notificationUrl with CR, LF, a space, a tab or a non-ASCII letter is refused at subscribe, and nothing is stored",
        arguments: [
            ("https://example.com/hook\r\nX-Evil: 1", "a carriage return (CR) at position 25"),
            ("https://example.com/ho\nok", "a line feed (LF) at position 23"),
            ("https://example.com/my hook", "a space at position 23"),
            ("https://example.com/\thook", "a tab at position 21"),
            ("https://example.com/café", "the character U+00E9 at position 24"),
        ]
    )
    func badNotificationURL(url: String, message: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.live { client in
            let body = String(
                decoding: try JSONSerialization.data(withJSONObject: ["notificationUrl": url, "eventCode": "RUNWORKFLOWONSENDSALESDOCFORAPPROVAL"]),
                as: UTF8.self
            )
            let response = try await client.call(.post, "\(companyPath)/workflowWebhookSubscriptions", key: gateway.key("integration"), body: body)
            #expect(response.status == .badRequest)
            #expect(response["errors"]?[0]?["field"]?.string == "notificationUrl")
            #expect(response["errors"]?[0]?["message"]?.string?.contains(message) == true, "\(response.text)")
            let none = try await client.call(.get, "\(companyPath)/workflowWebhookSubscriptions", key: gateway.key("integration"))
            #expect(none["value"]?.array?.isEmpty == true)
            try await Self.expectStillServing(client, gateway)
        }
    }
}
