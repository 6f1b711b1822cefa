import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct ApprovalUserSetupStoreTests {
    /// A company with users ALICE, BOB, CAROL and salespersons JR, PS.
    func prepare(_ store: any Store) async throws -> Company {
        let company = try await store.makeCompany(users: ["ALICE", "BOB", "CAROL"])
        for code in ["JR", "PS"] {
            _ = try await store.putSalespersonPurchaser(SalespersonPurchaser(companyId: company.id, code: code), precondition: .none)
        }
        return company
    }

    @Test("A full setup reads back equal, with decimal limits exact", arguments: StoreBackend.all)
    func roundTrip(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await prepare(store)
            let setup = ApprovalUserSetup(
                companyId: company.id, userName: "ALICE", approverId: "BOB", salespersonPurchaserCode: "JR",
                salesAmountApprovalLimit: decimal("5000.50"), purchaseAmountApprovalLimit: decimal("12345678901234.56"),
                requestAmountApprovalLimit: decimal("0.1"), substitute: "CAROL", email: "alice@example.com", approvalAdministrator: true
            )
            let stored = try await store.putApprovalUserSetup(setup, precondition: .none)
            #expect(stored.created)
            #expect(stored.value == setup)
            #expect(try await store.approvalUserSetup(companyId: company.id, userName: "ALICE") == setup)
            #expect(try await store.approvalUserSetups(companyId: company.id, PageRequest()).items == [setup])
        }
    }

    @Test("The store applies the unlimited flags: the stored limit is zero", arguments: StoreBackend.all)
    func unlimitedZeroesStoredLimit(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await prepare(store)
            let setup = ApprovalUserSetup(
                companyId: company.id, userName: "ALICE", salesAmountApprovalLimit: 9000, unlimitedSalesApproval: true
            )
            #expect(try await store.putApprovalUserSetup(setup, precondition: .none).value.salesAmountApprovalLimit == 0)
            #expect(try await store.approvalUserSetup(companyId: company.id, userName: "ALICE")?.salesAmountApprovalLimit == 0)
        }
    }

    @Test("A second approval administrator is refused and nothing is written", arguments: StoreBackend.all)
    func secondAdministratorRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await prepare(store)
            _ = try await store.putApprovalUserSetup(
                ApprovalUserSetup(companyId: company.id, userName: "ALICE", approvalAdministrator: true), precondition: .none
            )
            let bob = ApprovalUserSetup(companyId: company.id, userName: "BOB", approvalAdministrator: true)
            let error = await flowGateError { _ = try await store.putApprovalUserSetup(bob, precondition: .none) }
            #expect(error?.kind == .badRequest)
            #expect(error?.errors.map(\.field) == ["approvalAdministrator"])
            #expect(try await store.approvalUserSetup(companyId: company.id, userName: "BOB") == nil)
            #expect(try await store.approvalUserSetups(companyId: company.id, PageRequest()).items.count == 1)

            // Re-saving the administrator is fine.
            let again = try await store.putApprovalUserSetup(
                ApprovalUserSetup(companyId: company.id, userName: "ALICE", salesAmountApprovalLimit: 10, approvalAdministrator: true),
                precondition: .version(1)
            )
            #expect(again.value.version == 2)
        }
    }

    @Test("The administrator rule is per company", arguments: StoreBackend.all)
    func administratorPerCompany(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let first = try await prepare(store)
            let second = try await store.makeCompany("OTHER")
            _ = try await store.putApprovalUserSetup(
                ApprovalUserSetup(companyId: first.id, userName: "ALICE", approvalAdministrator: true), precondition: .none
            )
            let other = try await store.putApprovalUserSetup(
                ApprovalUserSetup(companyId: second.id, userName: "BOB", approvalAdministrator: true), precondition: .none
            )
            #expect(other.value.approvalAdministrator)
        }
    }

    @Test("A salesperson already assigned to another user is refused and nothing is written", arguments: StoreBackend.all)
    func salespersonTakenRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await prepare(store)
            _ = try await store.putApprovalUserSetup(
                ApprovalUserSetup(companyId: company.id, userName: "ALICE", salespersonPurchaserCode: "JR"), precondition: .none
            )
            let bob = ApprovalUserSetup(companyId: company.id, userName: "BOB", salespersonPurchaserCode: "JR")
            let error = await flowGateError { _ = try await store.putApprovalUserSetup(bob, precondition: .none) }
            #expect(error?.errors.map(\.field) == ["salespersonPurchaserCode"])
            #expect(try await store.approvalUserSetup(companyId: company.id, userName: "BOB") == nil)
        }
    }

    @Test("Unknown references are refused against the stored users and salespersons", arguments: StoreBackend.all)
    func unknownReferencesRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await prepare(store)
            let setup = ApprovalUserSetup(
                companyId: company.id, userName: "ALICE", approverId: "ZED", salespersonPurchaserCode: "XX", substitute: "ALICE"
            )
            let error = await flowGateError { _ = try await store.putApprovalUserSetup(setup, precondition: .none) }
            #expect(Set(error?.errors.map(\.field) ?? []) == ["approverId", "salespersonPurchaserCode", "substitute"])
            let ghost = ApprovalUserSetup(companyId: company.id, userName: "GHOST")
            #expect(await flowGateError { _ = try await store.putApprovalUserSetup(ghost, precondition: .none) }?.kind == .notFound)
            #expect(try await store.approvalUserSetups(companyId: company.id, PageRequest()).items.isEmpty)
        }
    }

    @Test("A stale version is refused with 412 and the stored setup is unchanged", arguments: StoreBackend.all)
    func staleVersionRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await prepare(store)
            var setup = ApprovalUserSetup(companyId: company.id, userName: "ALICE", salesAmountApprovalLimit: 100)
            _ = try await store.putApprovalUserSetup(setup, precondition: .none)
            setup.salesAmountApprovalLimit = 200
            _ = try await store.putApprovalUserSetup(setup, precondition: .version(1))
            setup.salesAmountApprovalLimit = 300
            #expect(await flowGateError { _ = try await store.putApprovalUserSetup(setup, precondition: .version(1)) }?.kind == .preconditionFailed)
            #expect(
                await flowGateError { try await store.deleteApprovalUserSetup(companyId: company.id, userName: "ALICE", precondition: .version(1)) }?
                    .kind == .preconditionFailed
            )
            let stored = try await store.approvalUserSetup(companyId: company.id, userName: "ALICE")
            #expect(stored?.salesAmountApprovalLimit == 200)
            #expect(stored?.version == 2)
        }
    }

    @Test("If-Match * on a missing setup is refused with 412", arguments: StoreBackend.all)
    func existsOnMissingRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await prepare(store)
            let setup = ApprovalUserSetup(companyId: company.id, userName: "ALICE")
            #expect(await flowGateError { _ = try await store.putApprovalUserSetup(setup, precondition: .exists) }?.kind == .preconditionFailed)
            #expect(try await store.approvalUserSetup(companyId: company.id, userName: "ALICE") == nil)
        }
    }

    @Test("A deleted setup is gone and frees its salesperson for another user", arguments: StoreBackend.all)
    func deleteFreesSalesperson(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await prepare(store)
            _ = try await store.putApprovalUserSetup(
                ApprovalUserSetup(companyId: company.id, userName: "ALICE", salespersonPurchaserCode: "JR"), precondition: .none
            )
            try await store.deleteApprovalUserSetup(companyId: company.id, userName: "ALICE", precondition: .version(1))
            #expect(try await store.approvalUserSetup(companyId: company.id, userName: "ALICE") == nil)
            let bob = try await store.putApprovalUserSetup(
                ApprovalUserSetup(companyId: company.id, userName: "BOB", salespersonPurchaserCode: "JR"), precondition: .none
            )
            #expect(bob.value.salespersonPurchaserCode == "JR")
        }
    }
}
