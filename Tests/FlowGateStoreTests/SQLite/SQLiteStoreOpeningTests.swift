import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct SQLiteStoreOpeningTests {
    @Test("Opening a new file creates it and applies the migrations from empty")
    func migratesFromEmpty() async throws {
        try await withTemporaryDirectory { directory async throws in
            #expect(!FileManager.default.fileExists(atPath: directory.databasePath))
            let store = try SQLiteStore(path: directory.databasePath)
            #expect(FileManager.default.fileExists(atPath: directory.databasePath))
            #expect(store.path == directory.databasePath)
            #expect(try await store.appliedMigrations() == SQLiteStore.migrationNames)
            #expect(try await store.isNewerThanThisBuild() == false)
            try await store.checkReady()
            #expect(try await store.userCount() == 0)
        }
    }

    @Test("Opening creates missing parent directories")
    func createsParentDirectories() async throws {
        try await withTemporaryDirectory { directory async throws in
            let path = directory.url.appendingPathComponent("a/b/flowgate.sqlite").path
            let store = try SQLiteStore(path: path)
            #expect(try await store.appliedMigrations() == SQLiteStore.migrationNames)
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("The file is in WAL journal mode, as seen by a second store on the same file")
    func walJournalMode() async throws {
        try await withTemporaryDirectory { directory async throws in
            let store = try SQLiteStore(path: directory.databasePath)
            _ = try await store.makeCompany()
            #expect(try await store.journalMode()?.lowercased() == "wal")
            #expect(FileManager.default.fileExists(atPath: directory.databasePath + "-wal"))

            let second = try SQLiteStore(path: directory.databasePath)
            #expect(try await second.journalMode()?.lowercased() == "wal")
            #expect(try await second.company(idOrName: "CRONUS") != nil)
        }
    }

    @Test("Reopening the same file keeps every kind of data and re-runs no migration")
    func restartPersistence() async throws {
        try await withTemporaryDirectory { directory async throws in
            let written: (Company, User, APIKey, BusinessRecord, ApprovalUserSetup, WorkflowUserGroup, SalespersonPurchaser)
            do {
                let store = try SQLiteStore(path: directory.databasePath)
                let company = try await store.makeCompany(users: ["ALICE", "BOB"])
                let key = try await store.createAPIKey(
                    APIKey(userName: "ALICE", role: .admin, keyHash: "hash-1", prefix: "fgk_ab", createdAt: fixedDate)
                )
                let salesperson = try await store.putSalespersonPurchaser(
                    SalespersonPurchaser(companyId: company.id, code: "JR", name: "John Roberts"), precondition: .none
                ).value
                let setup = try await store.putApprovalUserSetup(
                    ApprovalUserSetup(companyId: company.id, userName: "ALICE", approverId: "BOB", salespersonPurchaserCode: "JR"),
                    precondition: .none
                ).value
                let group = try await store.putWorkflowUserGroup(
                    WorkflowUserGroup(companyId: company.id, code: "FIN", members: [.init(userName: "BOB", sequenceNo: 1)]),
                    precondition: .none
                ).value
                let record = try await store.createRecord(
                    company, .salesDocuments, #"{"documentType": "Order", "salespersonPurchaserCode": "JR", "amount": 1234.56}"#
                )
                let alice = try #require(try await store.user(named: "ALICE"))
                written = (company, alice, key, record, setup, group, salesperson)
            }

            let reopened = try SQLiteStore(path: directory.databasePath)
            let (company, alice, key, record, setup, group, salesperson) = written
            #expect(try await reopened.appliedMigrations() == SQLiteStore.migrationNames)
            #expect(try await reopened.company(idOrName: company.id.uuidString) == company)
            #expect(try await reopened.user(named: "ALICE") == alice)
            #expect(try await reopened.userCount() == 2)
            let found = try #require(try await reopened.apiKey(hash: "hash-1"))
            #expect(found.0 == key)
            #expect(try await reopened.record(companyId: company.id, entitySet: .salesDocuments, id: record.id) == record)
            #expect(try await reopened.approvalUserSetup(companyId: company.id, userName: "ALICE") == setup)
            #expect(try await reopened.workflowUserGroup(companyId: company.id, code: "FIN") == group)
            #expect(try await reopened.salespersonPurchaser(companyId: company.id, code: "JR") == salesperson)

            // The number series continues where it stopped.
            let next = try await reopened.createRecord(company, .salesDocuments, #"{"documentType": "Order"}"#)
            #expect(next.number == "S-ORD00002")
        }
    }

    @Test("An in-memory store needs no file and starts empty")
    func inMemoryStore() async throws {
        let store = try SQLiteStore.inMemory()
        #expect(store.path == nil)
        #expect(try await store.appliedMigrations() == SQLiteStore.migrationNames)
        _ = try await store.makeCompany()
        #expect(try await store.company(idOrName: "cronus") != nil)
        #expect(try await SQLiteStore.inMemory().company(idOrName: "cronus") == nil)
    }
}
