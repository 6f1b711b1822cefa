import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct APIKeyStoreTests {
    func key(_ user: String, _ hash: String, role: Role = .integration) -> APIKey {
        APIKey(userName: user, role: role, keyHash: hash, prefix: "fgk_\(hash.prefix(4))", createdAt: fixedDate)
    }

    @Test("Keys are created and listed per user, oldest first", arguments: StoreBackend.all)
    func createAndList(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            _ = try await store.makeCompany(users: ["ALICE", "BOB"])
            let a1 = try await store.createAPIKey(key("ALICE", "aaaa1111", role: .admin))
            let b1 = try await store.createAPIKey(key("BOB", "bbbb1111", role: .user))
            let a2 = try await store.createAPIKey(key("ALICE", "aaaa2222"))
            #expect(try await store.apiKeys(userName: "ALICE") == [a1, a2])
            #expect(try await store.apiKeys(userName: "BOB") == [b1])
            #expect(try await store.apiKeys(userName: "CAROL").isEmpty)
        }
    }

    @Test("Looking a key up by its hash returns the key and its user", arguments: StoreBackend.all)
    func lookupByHash(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            _ = try await store.makeCompany(users: ["ALICE"])
            let created = try await store.createAPIKey(key("ALICE", "c0ffee", role: .admin))
            let found = try #require(try await store.apiKey(hash: "c0ffee"))
            #expect(found.0 == created)
            #expect(found.0.role == .admin)
            #expect(found.1 == (try await store.user(named: "ALICE")))
            #expect(try await store.apiKey(hash: "c0ffef") == nil)
        }
    }

    @Test("A key for a user who does not exist is not found and not stored", arguments: StoreBackend.all)
    func keyForUnknownUser(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let error = await flowGateError { _ = try await store.createAPIKey(key("GHOST", "dead")) }
            #expect(error?.kind == .notFound)
            #expect(try await store.apiKey(hash: "dead") == nil)
        }
    }

    @Test("A deleted key no longer authenticates; the user's other keys remain", arguments: StoreBackend.all)
    func deleteKey(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            _ = try await store.makeCompany(users: ["ALICE"])
            let gone = try await store.createAPIKey(key("ALICE", "1111"))
            let kept = try await store.createAPIKey(key("ALICE", "2222"))
            try await store.deleteAPIKey(id: gone.id, userName: "ALICE")
            #expect(try await store.apiKey(hash: "1111") == nil)
            #expect(try await store.apiKeys(userName: "ALICE") == [kept])
        }
    }

    @Test("Deleting an unknown key, or another user's key, is not found and deletes nothing", arguments: StoreBackend.all)
    func deleteUnknownKey(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            _ = try await store.makeCompany(users: ["ALICE", "BOB"])
            let alices = try await store.createAPIKey(key("ALICE", "1111"))
            #expect(await flowGateError { try await store.deleteAPIKey(id: UUID(), userName: "ALICE") }?.kind == .notFound)
            #expect(await flowGateError { try await store.deleteAPIKey(id: alices.id, userName: "BOB") }?.kind == .notFound)
            #expect(try await store.apiKeys(userName: "ALICE") == [alices])
        }
    }
}
