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

    @Test("A run is stored whole: the snapshot reads its steps in order, and a later outcome rewrites the run in place", arguments: StoreBackend.all)
    func storesWholeRuns(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            let first = try Self.run(record, steps: 3, active: false)
            let second = try Self.run(record, steps: 4, active: true)
            _ = try await store.apply(outcome(record, stepInstances: first + second), outboxMessages: [])

            var snapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            #expect(snapshot.stepInstances == first + second)
            #expect(try await store.hasActiveRun(company.id, second[0].workflowCode))

            var finished = second
            finished[0].status = .completed
            _ = try await store.apply(outcome(snapshot.record, stepInstances: finished), outboxMessages: [])
            snapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            #expect(snapshot.stepInstances == first + finished)
            #expect(try await !store.hasActiveRun(company.id, second[0].workflowCode))
        }
    }

    @Test("Step instances page across runs in order, each step once, for any page size", arguments: StoreBackend.all)
    func pagesAcrossRuns(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            let other = try await store.makeCustomer(company, "Fabrikam")
            let runs = [try Self.run(record, steps: 3, active: false), try Self.run(other, steps: 2, active: true), try Self.run(record, steps: 4, active: true)]
            for run in runs {
                let current = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: run[0].recordId))
                _ = try await store.apply(outcome(current.record, stepInstances: run), outboxMessages: [])
            }

            for limit in [1, 2, 3, 5, 9, 50] {
                #expect(try await Self.allPages(store, company.id, recordId: nil, limit: limit) == runs.flatMap { $0 }, "limit \(limit)")
                #expect(try await Self.allPages(store, company.id, recordId: record.id, limit: limit) == runs[0] + runs[2], "limit \(limit)")
            }
        }
    }

    @Test("Archiving moves finished runs, one archived row a step, and keeps the runs that still wait", arguments: StoreBackend.all)
    func archivesFinishedRuns(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            let finished = try Self.run(record, steps: 3, active: false)
            let waiting = try Self.run(record, steps: 2, active: true)
            _ = try await store.apply(outcome(record, stepInstances: finished + waiting), outboxMessages: [])

            #expect(try await store.archiveFinishedInstances(companyId: company.id, now: fixedDate) == 1)
            #expect(try await store.archivedStepInstances(companyId: company.id, recordId: record.id, PageRequest()).items == finished)
            #expect(try await store.stepInstances(companyId: company.id, recordId: nil, PageRequest()).items == waiting)
            #expect(try await store.archiveFinishedInstances(companyId: company.id, now: fixedDate) == 0)
        }
    }

    static func allPages(_ store: any Store, _ companyId: UUID, recordId: UUID?, limit: Int) async throws -> [WorkflowStepInstance] {
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
