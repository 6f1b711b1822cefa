import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

/// The store's read caches never serve a value a committed write has changed, whichever way the write was made.
@Suite struct ReadCacheStoreTests {
    func key(_ user: String, _ hash: String) -> APIKey {
        APIKey(userName: user, role: .user, keyHash: hash, prefix: "fgk_\(hash.prefix(4))", createdAt: fixedDate)
    }

    @Test("An API key lookup sees its user disabled and its key deleted")
    func apiKeyFollowsUserAndKey() async throws {
        try await withFileStore { store async throws in
            _ = try await store.makeCompany(users: ["ALICE"])
            let created = try await store.createAPIKey(key("ALICE", "abcd"))
            #expect(try await store.apiKey(hash: "abcd")?.1.state == .enabled)
            var alice = try #require(try await store.user(named: "ALICE"))
            alice.state = .disabled
            _ = try await store.updateUser(alice, precondition: .none)
            #expect(try await store.apiKey(hash: "abcd")?.1.state == .disabled)
            #expect(try await store.user(named: "ALICE")?.state == .disabled)
            try await store.deleteAPIKey(id: created.id, userName: "ALICE")
            #expect(try await store.apiKey(hash: "abcd") == nil)
        }
    }

    @Test("A key created after a lookup missed is found: misses are not kept")
    func missThenCreate() async throws {
        try await withFileStore { store async throws in
            _ = try await store.makeCompany(users: ["ALICE"])
            #expect(try await store.apiKey(hash: "beef") == nil)
            #expect(try await store.user(named: "BOB") == nil)
            _ = try await store.createAPIKey(key("ALICE", "beef"))
            _ = try await store.createUser(User(userName: "BOB", createdAt: fixedDate))
            #expect(try await store.apiKey(hash: "beef") != nil)
            #expect(try await store.user(named: "BOB") != nil)
        }
    }

    @Test("Writes by raw SQL empty the caches too")
    func rawWrites() async throws {
        try await withFileStore { store async throws in
            let company = try await store.makeCompany(users: ["ALICE"])
            _ = try await store.createAPIKey(key("ALICE", "f00d"))
            #expect(try await store.company(idOrName: "CRONUS")?.displayName == "CRONUS Ltd.")
            #expect(try await store.company(idOrName: company.id.uuidString)?.displayName == "CRONUS Ltd.")
            #expect(try await store.apiKey(hash: "f00d") != nil)
            try await store.writer.write { db in
                try db.execute(sql: "UPDATE companies SET body = json_set(body, '$.displayName', 'Renamed')")
                try db.execute(sql: "DELETE FROM api_keys")
            }
            #expect(try await store.company(idOrName: "CRONUS")?.displayName == "Renamed")
            #expect(try await store.company(idOrName: company.id.uuidString)?.displayName == "Renamed")
            #expect(try await store.apiKey(hash: "f00d") == nil)
        }
    }

    @Test("A snapshot sees approval setups and user groups as last committed")
    func snapshotSetupsAndGroups() async throws {
        try await withFileStore { store async throws in
            let company = try await store.makeCompany(users: ["ALICE", "BOB"])
            let customer = try await store.createRecord(company, .customers, #"{"number": "C1", "fields": {"name": "Contoso"}}"#)
            func snapshot() async throws -> WorkflowSnapshot {
                try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: customer.id))
            }
            #expect(try await snapshot().setups.isEmpty)
            _ = try await store.putApprovalUserSetup(
                ApprovalUserSetup(companyId: company.id, userName: "ALICE", approverId: "BOB"), precondition: .none
            )
            _ = try await store.putWorkflowUserGroup(
                WorkflowUserGroup(companyId: company.id, code: "FIN", members: [.init(userName: "BOB", sequenceNo: 1)]), precondition: .none
            )
            #expect(try await snapshot().setups.map(\.approverId) == ["BOB"])
            #expect(try await snapshot().groups.map(\.code) == ["FIN"])
            _ = try await store.putApprovalUserSetup(
                ApprovalUserSetup(companyId: company.id, userName: "ALICE", approverId: nil), precondition: .none
            )
            try await store.writer.write { db in try db.execute(sql: "DELETE FROM workflow_user_groups") }
            #expect(try await snapshot().setups.map(\.approverId) == [nil])
            #expect(try await snapshot().groups.isEmpty)
        }
    }
}
