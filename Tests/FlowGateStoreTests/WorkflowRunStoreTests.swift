import Foundation
import GRDB
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

/// A run's step instances live in one `workflow_runs` row; these check what the store builds on that.
@Suite struct WorkflowRunStoreTests {
    /// A run of `count` steps of the first template with steps, for `record`; `active` marks its first step Active.
    static func run(_ record: BusinessRecord, steps count: Int, active: Bool) throws -> [WorkflowStepInstance] {
        let template = try #require(WorkflowTemplates.all.first { $0.steps.count >= count })
        let workflow = Workflow(companyId: record.companyId, code: template.code, description: template.description)
        let instanceId = UUID()
        return template.steps.prefix(count).enumerated().map { index, step in
            var instance = WorkflowStepInstance(instanceId: instanceId, workflow: workflow, step: step, record: record, userId: "ALICE", now: fixedDate)
            instance.status = active && index == 0 ? .active : .completed
            return instance
        }
    }

    @Test("A run is stored whole: the snapshot reads its steps in order, and a later outcome rewrites the run in place")
    func storesWholeRuns() async throws {
        try await withFileStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            let first = try Self.run(record, steps: 3, active: false)
            let second = try Self.run(record, steps: 4, active: true)
            _ = try await store.apply(outcome(record, stepInstances: first + second), messages: [])

            var snapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            #expect(snapshot.stepInstances == first + second)
            #expect(try await store.hasActiveRun(company.id, second[0].workflowCode))

            var finished = second
            finished[0].status = .completed
            _ = try await store.apply(outcome(snapshot.record, stepInstances: finished), messages: [])
            snapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            #expect(snapshot.stepInstances == first + finished)
            #expect(try await !store.hasActiveRun(company.id, second[0].workflowCode))
        }
    }

    @Test("Step instances page across runs in order, each step once, for any page size")
    func pagesAcrossRuns() async throws {
        try await withFileStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            let other = try await store.makeCustomer(company, "Fabrikam")
            let runs = [try Self.run(record, steps: 3, active: false), try Self.run(other, steps: 2, active: true), try Self.run(record, steps: 4, active: true)]
            for run in runs {
                let current = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: run[0].recordId))
                _ = try await store.apply(outcome(current.record, stepInstances: run), messages: [])
            }

            for limit in [1, 2, 3, 5, 9, 50] {
                #expect(try await Self.allPages(store, company.id, recordId: nil, limit: limit) == runs.flatMap { $0 }, "limit \(limit)")
                #expect(try await Self.allPages(store, company.id, recordId: record.id, limit: limit) == runs[0] + runs[2], "limit \(limit)")
            }
        }
    }

    @Test("Archiving moves finished runs, one archived row a step, and keeps the runs that still wait")
    func archivesFinishedRuns() async throws {
        try await withFileStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            let finished = try Self.run(record, steps: 3, active: false)
            let waiting = try Self.run(record, steps: 2, active: true)
            _ = try await store.apply(outcome(record, stepInstances: finished + waiting), messages: [])

            #expect(try await store.archiveFinishedInstances(companyId: company.id, now: fixedDate) == 1)
            #expect(try await store.archivedStepInstances(companyId: company.id, recordId: record.id, PageRequest()).items == finished)
            #expect(try await store.stepInstances(companyId: company.id, recordId: nil, PageRequest()).items == waiting)
            #expect(try await store.archiveFinishedInstances(companyId: company.id, now: fixedDate) == 0)
        }
    }

    @Test("Opening a v3 database gathers its step instance rows into runs, keeping their order and state")
    func migratesStepRowsIntoRuns() async throws {
        try await withTemporaryDirectory { directory async throws in
            let company = Company(name: "CRONUS", displayName: "CRONUS Ltd.", localCurrencyCode: "EUR", createdAt: fixedDate)
            let record = BusinessRecord(companyId: company.id, entitySet: .customers, number: "C1", createdAt: fixedDate)
            let finished = try Self.run(record, steps: 3, active: false)
            let waiting = try Self.run(record, steps: 2, active: true)
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

    static func allPages(_ store: SQLiteStore, _ companyId: UUID, recordId: UUID?, limit: Int) async throws -> [WorkflowStepInstance] {
        var steps: [WorkflowStepInstance] = []
        var page = PageRequest(limit: limit)
        while true {
            let result = try await store.stepInstances(companyId: companyId, recordId: recordId, page)
            #expect(result.items.count <= limit)
            steps += result.items
            guard let cursor = result.nextCursor else { return steps }
            page.after = try #require(PageCursor.decode(cursor))
        }
    }
}

extension SQLiteStore {
    func hasActiveRun(_ companyId: UUID, _ workflowCode: String) async throws -> Bool {
        try await writer.read { db in try Self.hasActiveInstances(db, companyId: companyId, workflowCode: workflowCode) }
    }
}
