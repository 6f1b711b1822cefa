import FlowGateApp
import FlowGateCore
import FlowGateServer
import Foundation
import HTTPTypes
import Testing

@Suite("Users and API keys")
struct UserAndKeyTests {
    @Test("A new key is shown once, works at once, is stored only as a hash, and stops working when deleted")
    func keyLifecycle() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let admin = gateway.key("admin")
            let user = try await client.call(.post, "/api/v1/users", key: admin, body: #"{"userName":"dave","fullName":"Dave","email":"dave@x.example"}"#)
            #expect(user.status == .created)
            #expect(user["userName"]?.string == "DAVE")
            let duplicate = try await client.call(.post, "/api/v1/users", key: admin, body: #"{"userName":"DAVE"}"#)
            #expect(duplicate.status == .conflict)

            let created = try await client.call(.post, "/api/v1/users/DAVE/apiKeys", key: admin, body: #"{"role":"integration"}"#)
            #expect(created.status == .created)
            let key = try #require(created["key"]?.string)
            let id = try #require(created["id"]?.string)
            #expect(key.hasPrefix("fgk_"))
            #expect(key.count > 40)

            let listed = try await client.call(.get, "/api/v1/users/DAVE/apiKeys", key: admin)
            #expect(listed["value"]?[0]?["key"] == nil, "the key itself is never shown again")
            #expect(!listed.text.contains(key))
            let stored = try await gateway.store.apiKeys(userName: "DAVE")
            #expect(stored.map(\.keyHash) == [APIKeySecret.hash(key)])

            let works = try await client.call(.post, "\(companyPath)/customers", key: key, body: #"{"fields":{}}"#)
            #expect(works.status == .created)
            #expect(try await client.call(.delete, "/api/v1/users/DAVE/apiKeys/\(id)", key: admin).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/companies", key: key).status == .unauthorized)
        }
    }

    @Test("A new user with userName null → 400 naming it; no user with an empty name is stored")
    func nullUserName() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let response = try await client.call(.post, "/api/v1/users", key: gateway.key("admin"), body: #"{"userName":null,"fullName":""}"#)
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response.detail == "userName: is required, not null")
            #expect(try await gateway.store.user(named: "") == nil)
        }
    }

    @Test("A user may make keys for itself but not stronger ones, and not for others")
    func selfService() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let alice = gateway.key("ALICE")
            #expect(try await client.call(.post, "/api/v1/users/ALICE/apiKeys", key: alice, body: #"{"role":"user"}"#).status == .created)
            #expect(try await client.call(.post, "/api/v1/users/ALICE/apiKeys", key: alice, body: #"{"role":"admin"}"#).status == .forbidden)
            #expect(try await client.call(.post, "/api/v1/users/BOB/apiKeys", key: alice, body: #"{"role":"user"}"#).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/users/BOB", key: alice).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/users/ALICE", key: alice).status == .ok)
            let badRole = try await client.call(.post, "/api/v1/users/ALICE/apiKeys", key: alice, body: #"{"role":"root"}"#)
            #expect(badRole.status == .badRequest)
            #expect(badRole.detail.contains("'admin'"))
        }
    }

    @Test("Disabling a user through PATCH locks out its keys; If-Match guards the change")
    func disableUser() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let admin = gateway.key("admin")
            let user = try await client.call(.get, "/api/v1/users/BOB", key: admin)
            let etag = try #require(user.etag)
            let disabled = try await client.call(.patch, "/api/v1/users/BOB", key: admin, body: #"{"state":"disabled"}"#, headers: [.ifMatch: etag])
            #expect(disabled.status == .ok)
            #expect(disabled["state"]?.string == "disabled")
            let stale = try await client.call(.patch, "/api/v1/users/BOB", key: admin, body: #"{"state":"enabled"}"#, headers: [.ifMatch: etag])
            #expect(stale.status == .preconditionFailed)
            #expect(try await client.call(.get, "/api/v1/companies", key: gateway.key("BOB")).status == .unauthorized)
            let rename = try await client.call(.patch, "/api/v1/users/BOB", key: admin, body: #"{"userName":"ROBERT"}"#)
            #expect(rename.status == .badRequest)
            let nulls = try await client.call(.patch, "/api/v1/users/BOB", key: admin, body: #"{"state":null,"fullName":null}"#)
            #expect(nulls.status == .badRequest, "null would clear them, and neither can be cleared: \(nulls.text)")
            #expect(nulls.detail == "fullName: cannot be null; leave it out to keep the current value; state: cannot be null; leave it out to keep the current value")
        }
    }

    @Test("Companies are created by admins, unique by name, and addressable by id or name")
    func companies() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let admin = gateway.key("admin")
            let created = try await client.call(.post, "/api/v1/companies", key: admin, body: #"{"name":"FABRIKAM","localCurrencyCode":"eur"}"#)
            #expect(created.status == .created)
            #expect(created["localCurrencyCode"]?.string == "EUR")
            let id = try #require(created["id"]?.string)
            let byId = try await client.call(.get, "/api/v1/companies/\(id)", key: admin)
            let byName = try await client.call(.get, "/api/v1/companies/fabrikam", key: admin)
            #expect(byId.json == created.json)
            #expect(byName.json == created.json)
            #expect(try await client.call(.post, "/api/v1/companies", key: admin, body: #"{"name":"Fabrikam"}"#).status == .conflict)
            #expect(try await client.call(.post, "/api/v1/companies", key: admin, body: #"{}"#).status == .badRequest)
        }
    }
}
