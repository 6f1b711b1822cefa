import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct SalespersonPurchaserStoreTests {
    @Test("A salesperson is created at version 1, replaced at version 2, and reads back equal", arguments: StoreBackend.all)
    func putRoundTrip(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let first = try await store.putSalespersonPurchaser(
                SalespersonPurchaser(companyId: company.id, code: "JR", name: "John Roberts", email: "jr@example.com"),
                precondition: .none
            )
            #expect(first.created)
            #expect(first.value.version == 1)
            #expect(try await store.salespersonPurchaser(companyId: company.id, code: "JR") == first.value)

            var renamed = first.value
            renamed.name = "John R. Roberts"
            let second = try await store.putSalespersonPurchaser(renamed, precondition: .version(1))
            #expect(!second.created)
            #expect(second.value.version == 2)
            #expect(try await store.salespersonPurchaser(companyId: company.id, code: "JR")?.name == "John R. Roberts")
            #expect(try await store.salespersonsPurchasers(companyId: company.id, PageRequest()).items == [second.value])
        }
    }

    @Test("Salespersons belong to their company", arguments: StoreBackend.all)
    func perCompany(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let a = try await store.makeCompany("A")
            let b = try await store.makeCompany("B")
            _ = try await store.putSalespersonPurchaser(SalespersonPurchaser(companyId: a.id, code: "JR"), precondition: .none)
            #expect(try await store.salespersonPurchaser(companyId: b.id, code: "JR") == nil)
            #expect(try await store.salespersonsPurchasers(companyId: b.id, PageRequest()).items.isEmpty)
        }
    }

    @Test("PUT and DELETE with a stale version are refused with 412 and change nothing", arguments: StoreBackend.all)
    func staleVersionRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            var value = try await store.putSalespersonPurchaser(
                SalespersonPurchaser(companyId: company.id, code: "JR", name: "Original"), precondition: .none
            ).value
            value.name = "Changed"
            _ = try await store.putSalespersonPurchaser(value, precondition: .none)
            value.name = "Stale"
            #expect(await flowGateError { _ = try await store.putSalespersonPurchaser(value, precondition: .version(1)) }?.kind == .preconditionFailed)
            #expect(
                await flowGateError { try await store.deleteSalespersonPurchaser(companyId: company.id, code: "JR", precondition: .version(1)) }?
                    .kind == .preconditionFailed
            )
            let stored = try await store.salespersonPurchaser(companyId: company.id, code: "JR")
            #expect(stored?.name == "Changed")
            #expect(stored?.version == 2)
        }
    }

    @Test("If-Match * on a missing salesperson is refused with 412 and creates nothing", arguments: StoreBackend.all)
    func existsOnMissingRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let value = SalespersonPurchaser(companyId: company.id, code: "NEW")
            #expect(await flowGateError { _ = try await store.putSalespersonPurchaser(value, precondition: .exists) }?.kind == .preconditionFailed)
            #expect(try await store.salespersonPurchaser(companyId: company.id, code: "NEW") == nil)
        }
    }

    @Test("A salesperson is deleted with the current version; deleting it again is not found", arguments: StoreBackend.all)
    func deleteSalesperson(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            _ = try await store.putSalespersonPurchaser(SalespersonPurchaser(companyId: company.id, code: "JR"), precondition: .none)
            try await store.deleteSalespersonPurchaser(companyId: company.id, code: "JR", precondition: .version(1))
            #expect(try await store.salespersonPurchaser(companyId: company.id, code: "JR") == nil)
            #expect(
                await flowGateError { try await store.deleteSalespersonPurchaser(companyId: company.id, code: "JR", precondition: .none) }?
                    .kind == .notFound
            )
        }
    }

    @Test("A salesperson used by an approval user setup cannot be deleted", arguments: StoreBackend.all)
    func deleteInUseRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany(users: ["ALICE"])
            _ = try await store.putSalespersonPurchaser(SalespersonPurchaser(companyId: company.id, code: "JR"), precondition: .none)
            _ = try await store.putApprovalUserSetup(
                ApprovalUserSetup(companyId: company.id, userName: "ALICE", salespersonPurchaserCode: "JR"), precondition: .none
            )
            let error = await flowGateError {
                try await store.deleteSalespersonPurchaser(companyId: company.id, code: "JR", precondition: .none)
            }
            #expect(error?.kind == .conflict)
            #expect(error?.detail.contains("ALICE") == true)
            #expect(try await store.salespersonPurchaser(companyId: company.id, code: "JR") != nil)
        }
    }
    @Test("A document keeps accepting changes after its salesperson is deleted (or the deletion is refused)", arguments: StoreBackend.all)
    func documentSurvivesSalespersonDeletion(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            _ = try await store.putSalespersonPurchaser(SalespersonPurchaser(companyId: company.id, code: "JR"), precondition: .none)
            let record = try await store.createRecord(company, .salesDocuments, #"{"documentType": "Order", "salespersonPurchaserCode": "JR"}"#)
            // Either outcome is acceptable here: deleted, or refused because a document uses it.
            try? await store.deleteSalespersonPurchaser(companyId: company.id, code: "JR", precondition: .none)
            let updated = try await store.updateRecord(
                companyId: company.id, entitySet: .salesDocuments, id: record.id,
                changes: try changes(#"{"fields": {"note": "edited"}}"#, .salesDocuments, creating: false), precondition: .none, now: fixedDate
            )
            #expect(updated.fields["note"] == .string("edited"))
        }
    }
}

@Suite struct WorkflowUserGroupStoreTests {
    @Test("A group with its members reads back equal; replacing it grows the version", arguments: StoreBackend.all)
    func putRoundTrip(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany(users: ["ALICE", "BOB", "CAROL"])
            let group = WorkflowUserGroup(
                companyId: company.id, code: "FINANCE", description: "Finance approvers",
                members: [.init(userName: "ALICE", sequenceNo: 1), .init(userName: "BOB", sequenceNo: 1), .init(userName: "CAROL", sequenceNo: 2)]
            )
            let stored = try await store.putWorkflowUserGroup(group, precondition: .none)
            #expect(stored.created && stored.value == group)
            #expect(try await store.workflowUserGroup(companyId: company.id, code: "FINANCE") == group)

            var smaller = group
            smaller.members.removeLast()
            let replaced = try await store.putWorkflowUserGroup(smaller, precondition: .version(1))
            #expect(replaced.value.version == 2)
            #expect(try await store.workflowUserGroup(companyId: company.id, code: "FINANCE")?.members.count == 2)
            #expect(try await store.workflowUserGroups(companyId: company.id, PageRequest()).items == [replaced.value])
        }
    }

    @Test("A group naming an unknown user is refused and not stored", arguments: StoreBackend.all)
    func unknownMemberRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany(users: ["ALICE"])
            let group = WorkflowUserGroup(companyId: company.id, code: "G", members: [.init(userName: "ZED", sequenceNo: 1)])
            let error = await flowGateError { _ = try await store.putWorkflowUserGroup(group, precondition: .none) }
            #expect(error?.errors.map(\.field) == ["members[0].userName"])
            #expect(try await store.workflowUserGroup(companyId: company.id, code: "G") == nil)
        }
    }

    @Test("A group is deleted; a stale version is refused first", arguments: StoreBackend.all)
    func deleteGroup(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany(users: ["ALICE"])
            let group = WorkflowUserGroup(companyId: company.id, code: "G", members: [.init(userName: "ALICE", sequenceNo: 1)])
            _ = try await store.putWorkflowUserGroup(group, precondition: .none)
            _ = try await store.putWorkflowUserGroup(group, precondition: .none)
            #expect(
                await flowGateError { try await store.deleteWorkflowUserGroup(companyId: company.id, code: "G", precondition: .version(1)) }?
                    .kind == .preconditionFailed
            )
            #expect(try await store.workflowUserGroup(companyId: company.id, code: "G")?.version == 2)
            try await store.deleteWorkflowUserGroup(companyId: company.id, code: "G", precondition: .version(2))
            #expect(try await store.workflowUserGroup(companyId: company.id, code: "G") == nil)
        }
    }
}
