import FlowGateCore
import HTTPTypes
import Testing

@Suite("Authentication and the role matrix")
struct AuthorizationTests {
    @Test("Missing, malformed, unknown and disabled keys all get the same 401 problem")
    func unauthorized() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        _ = try await gateway.store.updateUser(
            { var bob = try #require(try await gateway.store.user(named: "BOB")); bob.state = .disabled; return bob }(), precondition: .none
        )
        try await gateway.test { client in
            let attempts: [HTTPFields] = [
                [:],
                [.authorization: "Basic dXNlcjpwYXNz"],
                [.authorization: "Bearer fgk_not-a-real-key"],
                [.authorization: "Bearer " + String(gateway.key("admin").dropFirst(4))],
                [.authorization: "Bearer \(gateway.key("BOB"))"],
                [.authorization: "fgk_not-a-real-key"],
                [.authorization: gateway.key("BOB")],
                [.authorization: String(gateway.key("admin").dropFirst(4))],
            ]
            var details = Set<String>()
            for headers in attempts {
                let response = try await client.call(.get, "/api/v1/companies", headers: headers)
                #expect(response.status == .unauthorized)
                #expect(response.isProblem)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                details.insert(response.detail)
            }
            #expect(details == ["A valid API key is required."])
        }
    }

    @Test("A bare key in Authorization (as Power Automate's API-key connections send it) authenticates like Bearer")
    func bareKey() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let response = try await client.call(.get, "/api/v1/companies", headers: [.authorization: gateway.key("admin")])
            #expect(response.status == .ok)
        }
    }

    /// Which roles may use each class of route.
    static let matrix: [(name: String, method: HTTPRequest.Method, path: String, body: String?, allowed: Set<String>)] = [
        ("read companies", .get, "/api/v1/companies", nil, ["admin", "integration", "ALICE"]),
        ("create a company", .post, "/api/v1/companies", #"{"name":"FABRIKAM"}"#, ["admin"]),
        ("read records", .get, "\(companyPath)/customers", nil, ["admin", "integration", "ALICE"]),
        ("create a record", .post, "\(companyPath)/customers", #"{"fields":{"name":"Adatum"}}"#, ["admin", "integration"]),
        ("read setup", .get, "\(companyPath)/approvalUserSetup", nil, ["admin", "integration", "ALICE"]),
        ("change approval user setup", .put, "\(companyPath)/approvalUserSetup/SHOPAPP", "{}", ["admin"]),
        ("change a workflow user group", .put, "\(companyPath)/workflowUserGroups/G1", #"{"members":[]}"#, ["admin"]),
        ("change a salesperson", .put, "\(companyPath)/salespersonsPurchasers/ZZ", #"{"name":"Z"}"#, ["admin"]),
        ("list users", .get, "/api/v1/users", nil, ["admin", "integration"]),
        ("create a user", .post, "/api/v1/users", #"{"userName":"NEWBIE"}"#, ["admin"]),
    ]

    @Test("Each role may use exactly its routes; the others get 403 problem+json", arguments: ["admin", "integration", "ALICE"])
    func roleMatrix(role: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            for route in Self.matrix {
                let response = try await client.call(route.method, route.path, key: gateway.key(role), body: route.body)
                if route.allowed.contains(role) {
                    #expect((200..<300).contains(response.status.code), "\(role) should be able to \(route.name): \(response.text)")
                } else {
                    #expect(response.status == .forbidden, "\(role) must not \(route.name)")
                    #expect(response.isProblem)
                    #expect(response.detail.contains("this key's role is"))
                }
            }
        }
    }

    @Test("A user key cannot create records and the store is unchanged")
    func userCannotCreateRecords() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        let before = try await gateway.recordCount(.salesDocuments)
        try await gateway.test { client in
            let response = try await client.call(
                .post, "\(companyPath)/salesDocuments", key: gateway.key("ALICE"), body: #"{"documentType":"Order","amount":10}"#
            )
            #expect(response.status == .forbidden)
            #expect(response.detail.contains("'user'"))
        }
        #expect(try await gateway.recordCount(.salesDocuments) == before)
    }
}
