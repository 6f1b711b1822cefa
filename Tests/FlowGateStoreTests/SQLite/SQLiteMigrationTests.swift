import FlowGateDelivery
import Foundation
import GRDB
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

/// Opening a database of an older schema version: the SQLite backend's migrations keep what was there.
@Suite struct SQLiteMigrationTests {
    @Test("Opening a v2 database adds the Flow connector tables and keeps what was there")
    func migratesFromV2() async throws {
        try await withTemporaryDirectory { directory async throws in
            let company = Company(name: "CRONUS", displayName: "CRONUS Ltd.", localCurrencyCode: "EUR", createdAt: fixedDate)
            let oldWorkflow = Workflow(companyId: company.id, code: "MS-SDAW-WH-01", description: "Registered before the upgrade")
            do {
                let v2 = try DatabasePool(path: directory.databasePath)
                try testMigrator.migrate(v2, upTo: "v2-workflows")
                try await v2.write { db in
                    try insertCompany(db, company)
                    try db.execute(
                        sql: "INSERT INTO workflows (company_id, code, version, body) VALUES (?, ?, 1, ?)",
                        arguments: [company.id.storeKey, oldWorkflow.code, try SQLiteStore.encode(oldWorkflow)]
                    )
                }
                #expect(try await v2.read { try testMigrator.appliedMigrations($0) } == ["v1-foundation", "v2-workflows"])
            }

            let store = try SQLiteStore(path: directory.databasePath)
            #expect(try await store.appliedMigrations() == SQLiteStore.migrationNames)
            #expect(try await store.company(idOrName: "CRONUS") == company)
            #expect(try await store.workflow(companyId: company.id, code: oldWorkflow.code) == oldWorkflow)
            // The new tables work, and the workflow stored before the upgrade holds its code.
            let subscription = try await store.subscribe(webhookSubscription(company))
            #expect(subscription.workflowCode == "MS-SDAW-WH-02")
            #expect(try await store.deliveries(DeliveryQuery(), PageRequest()).items.isEmpty)
            #expect(try await store.integrityProblems().isEmpty)
        }
    }

    @Test("Opening a v3 database gathers its step instance rows into runs, keeping their order and state")
    func migratesStepRowsIntoRuns() async throws {
        try await withTemporaryDirectory { directory async throws in
            let company = Company(name: "CRONUS", displayName: "CRONUS Ltd.", localCurrencyCode: "EUR", createdAt: fixedDate)
            let record = BusinessRecord(companyId: company.id, entitySet: .customers, number: "C1", createdAt: fixedDate)
            let finished = try WorkflowRunStoreTests.run(record, steps: 3, active: false)
            let waiting = try WorkflowRunStoreTests.run(record, steps: 2, active: true)
            do {
                let v3 = try DatabasePool(path: directory.databasePath)
                try testMigrator.migrate(v3, upTo: "v3-flow-connector")
                try await v3.write { db in
                    try insertCompany(db, company)
                    try SQLiteStore.insert(db, record)
                    // Interleaved, as two runs' steps could be written; each run keeps its own steps' order.
                    for step in [finished[0], waiting[0], finished[1], waiting[1], finished[2]] {
                        try db.execute(
                            sql: """
                                INSERT INTO workflow_step_instances (company_id, instance_id, step_id, record_id, workflow_code, status, body)
                                VALUES (?, ?, ?, ?, ?, ?, ?)
                                """,
                            arguments: [
                                company.id.storeKey, step.instanceId.storeKey, step.stepId, record.id.storeKey, step.workflowCode,
                                step.status.rawValue, try SQLiteStore.encode(step),
                            ]
                        )
                    }
                }
            }

            let store = try SQLiteStore(path: directory.databasePath)
            #expect(try await store.appliedMigrations() == SQLiteStore.migrationNames)
            let snapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            #expect(snapshot.stepInstances == finished + waiting)
            #expect(try await store.hasActiveRun(company.id, waiting[0].workflowCode))
            #expect(try await store.archiveFinishedInstances(companyId: company.id, now: fixedDate) == 1)
            #expect(try await store.integrityProblems().isEmpty)
        }
    }
}

extension SQLiteStore {
    func hasActiveRun(_ companyId: UUID, _ workflowCode: String) async throws -> Bool {
        try await writer.read { db in try Self.hasActiveInstances(db, companyId: companyId, workflowCode: workflowCode) }
    }
}
