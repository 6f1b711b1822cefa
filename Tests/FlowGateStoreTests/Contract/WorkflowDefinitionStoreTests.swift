import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct WorkflowDefinitionStoreTests {
    /// What a workflow preparation was given: the workflow to store, the stored one, the company's other enabled ones.
    typealias Preparation = (new: Workflow, current: Workflow?, others: [Workflow])

    /// A preparation that records what it was given and stores the workflow as it came.
    static func recording(_ seen: Seen<Preparation>) -> WorkflowPreparation {
        { new, current, others in
            seen.record((new, current, others))
            return new
        }
    }

    static let refusing: WorkflowPreparation = { new, _, _ in
        throw FlowGateError.conflict("workflow-refused", "Workflow \(new.code) is refused.")
    }

    @Test("A company's workflows list in creation order by pages, without another company's", arguments: StoreBackend.all)
    func listedPerCompany(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let other = try await store.makeCompany("FABRIKAM")
            let mine = [
                try await store.storeWorkflow(company, "SALES"), try await store.storeWorkflow(company, "PURCHASE", enabled: true),
                try await store.storeWorkflow(company, "CUSTOMER"),
            ]
            let theirs = try await store.storeWorkflow(other, "SALES", description: "Their sales workflow")

            let firstPage = try await store.workflows(companyId: company.id, PageRequest(limit: 2))
            #expect(firstPage.items == Array(mine[0..<2]))
            let lastPage = try await store.workflows(companyId: company.id, try PageRequest(limit: "2", cursor: try #require(firstPage.nextCursor)))
            #expect(lastPage.items == [mine[2]] && lastPage.nextCursor == nil)
            #expect(try await store.workflows(companyId: other.id, PageRequest()).items == [theirs])
            #expect(try await store.workflow(companyId: company.id, code: "SALES") == mine[0])
            #expect(try await store.workflow(companyId: other.id, code: "SALES") == theirs)
            #expect(try await store.workflow(companyId: other.id, code: "PURCHASE") == nil)
        }
    }

    @Test("A new workflow is created at version 1; putting it again replaces it at version 2", arguments: StoreBackend.all)
    func createdThenReplaced(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let workflow = Workflow(companyId: company.id, code: "SALES", description: "Sales approval", category: .salesDoc)
            let created = try await store.putWorkflow(workflow, precondition: .none) { new, _, _ in new }
            #expect(created.created && created.value.version == 1)
            #expect(try await store.workflow(companyId: company.id, code: "SALES") == created.value)

            var renamed = created.value
            renamed.description = "Sales approval, revised"
            let replaced = try await store.putWorkflow(renamed, precondition: .version(1)) { new, _, _ in new }
            #expect(!replaced.created && replaced.value.version == 2)
            #expect(try await store.workflow(companyId: company.id, code: "SALES") == replaced.value)
            #expect(try await store.workflows(companyId: company.id, PageRequest()).items == [replaced.value])
        }
    }

    @Test("Preparing a new workflow sees no stored one and the company's other enabled workflows only", arguments: StoreBackend.all)
    func preparationOfNewWorkflow(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let other = try await store.makeCompany("FABRIKAM")
            let enabled = [try await store.storeWorkflow(company, "ON-1", enabled: true), try await store.storeWorkflow(company, "ON-2", enabled: true)]
            try await store.storeWorkflow(company, "OFF")
            try await store.storeWorkflow(other, "THEIRS", enabled: true)

            let seen = Seen<Preparation>()
            let workflow = Workflow(companyId: company.id, code: "NEW", description: "New", enabled: true)
            _ = try await store.putWorkflow(workflow, precondition: .none, prepare: Self.recording(seen))

            let given = try #require(seen.all.first)
            #expect(seen.all.count == 1)
            #expect(given.new == workflow && given.current == nil)
            #expect(given.others.sorted { $0.code < $1.code } == enabled)
        }
    }

    @Test("Preparing a replacement sees the stored workflow, and the other enabled workflows without it", arguments: StoreBackend.all)
    func preparationOfReplacement(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let stored = try await store.storeWorkflow(company, "ON-1", enabled: true)
            let sibling = try await store.storeWorkflow(company, "ON-2", enabled: true)

            let seen = Seen<Preparation>()
            var replacement = stored
            replacement.description = "Replaced"
            _ = try await store.putWorkflow(replacement, precondition: .none, prepare: Self.recording(seen))

            let given = try #require(seen.all.first)
            #expect(given.new == replacement && given.current == stored)
            #expect(given.others == [sibling])
        }
    }

    @Test("What the preparation returns is stored, under the company and code the request named", arguments: StoreBackend.all)
    func preparedWorkflowStored(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let other = try await store.makeCompany("FABRIKAM")
            let workflow = Workflow(companyId: company.id, code: "SALES", description: "As sent")
            let stored = try await store.putWorkflow(workflow, precondition: .none) { _, _, _ in
                Workflow(companyId: other.id, code: "ELSEWHERE", description: "As prepared", enabled: true, category: .salesDoc)
            }

            #expect(stored.created)
            #expect(stored.value.companyId == company.id && stored.value.code == "SALES")
            #expect(stored.value.description == "As prepared" && stored.value.enabled && stored.value.category == .salesDoc)
            #expect(try await store.workflow(companyId: company.id, code: "SALES") == stored.value)
            #expect(try await store.workflow(companyId: company.id, code: "ELSEWHERE") == nil)
            #expect(try await store.workflow(companyId: other.id, code: "ELSEWHERE") == nil)
            #expect(try await store.workflows(companyId: other.id, PageRequest()).items.isEmpty)
        }
    }

    @Test("A workflow the preparation refuses is not stored, and the stored one stays as it was", arguments: StoreBackend.all)
    func refusedPreparationStoresNothing(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let error = await flowGateError {
                _ = try await store.putWorkflow(Workflow(companyId: company.id, code: "NEW", description: "New"), precondition: .none, prepare: Self.refusing)
            }
            #expect(error?.kind == .conflict && error?.type == "workflow-refused")
            #expect(try await store.workflow(companyId: company.id, code: "NEW") == nil)

            let stored = try await store.storeWorkflow(company, "KEPT", description: "Original")
            var changed = stored
            changed.description = "Changed"
            #expect(await flowGateError { _ = try await store.putWorkflow(changed, precondition: .version(1), prepare: Self.refusing) }?.type == "workflow-refused")
            #expect(try await store.workflow(companyId: company.id, code: "KEPT") == stored)
            #expect(try await store.workflows(companyId: company.id, PageRequest()).items == [stored])
        }
    }

    @Test("A stale If-Match is checked after the preparation: 412 and nothing changes, unless the preparation refused first", arguments: StoreBackend.all)
    func staleVersionRefusedAfterPreparation(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            try await store.storeWorkflow(company, "SALES", description: "First")
            let current = try await store.storeWorkflow(company, "SALES", description: "Second")
            #expect(current.version == 2)

            var stale = current
            stale.description = "Stale"
            let seen = Seen<Preparation>()
            let error = await flowGateError { _ = try await store.putWorkflow(stale, precondition: .version(1), prepare: Self.recording(seen)) }
            #expect(error?.kind == .preconditionFailed)
            #expect(seen.all.count == 1)
            #expect(try await store.workflow(companyId: company.id, code: "SALES") == current)

            // The preparation's answer says more than a version mismatch, so it comes first.
            let refused = await flowGateError { _ = try await store.putWorkflow(stale, precondition: .version(1), prepare: Self.refusing) }
            #expect(refused?.kind == .conflict && refused?.type == "workflow-refused")
            #expect(try await store.workflow(companyId: company.id, code: "SALES") == current)
        }
    }

    @Test("If-Match on a workflow that does not exist is 412 and creates nothing; If-Match * replaces one that does", arguments: StoreBackend.all)
    func ifMatchOnMissingWorkflow(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let workflow = Workflow(companyId: company.id, code: "SALES", description: "Sales")
            let seen = Seen<Preparation>()
            #expect(await flowGateError { _ = try await store.putWorkflow(workflow, precondition: .exists, prepare: Self.recording(seen)) }?.kind == .preconditionFailed)
            #expect(await flowGateError { _ = try await store.putWorkflow(workflow, precondition: .version(1), prepare: Self.recording(seen)) }?.kind == .preconditionFailed)
            #expect(seen.all.map { $0.current == nil } == [true, true])
            #expect(try await store.workflow(companyId: company.id, code: "SALES") == nil)

            try await store.storeWorkflow(company, "SALES")
            let replaced = try await store.putWorkflow(workflow, precondition: .exists) { new, _, _ in new }
            #expect(!replaced.created && replaced.value.version == 2)
        }
    }

    @Test("Importing stores every workflow as its preparation returns it, creating new ones and replacing existing ones", arguments: StoreBackend.all)
    func importStoresAll(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            try await store.storeWorkflow(company, "EXISTING")
            let document = ["NEW-1", "EXISTING", "NEW-2"].map { Workflow(companyId: company.id, code: $0, description: "From the document") }

            let imported = try await store.importWorkflows(document) { new, current, _ in
                var prepared = new
                prepared.description = current == nil ? "Imported \(new.code)" : "Reimported \(new.code)"
                return prepared
            }
            #expect(imported.map(\.created) == [true, false, true])
            #expect(imported.map(\.value.version) == [1, 2, 1])
            #expect(imported.map(\.value.description) == ["Imported NEW-1", "Reimported EXISTING", "Imported NEW-2"])
            for stored in imported { #expect(try await store.workflow(companyId: company.id, code: stored.value.code) == stored.value) }
            #expect(try await store.workflows(companyId: company.id, PageRequest()).items.count == 3)
        }
    }

    @Test("Importing is all or none: a workflow the preparation refuses leaves those before it unstored", arguments: StoreBackend.all)
    func importAllOrNone(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let existing = try await store.storeWorkflow(company, "EXISTING", description: "Original")
            let document = ["FIRST", "EXISTING", "REFUSED", "LAST"].map { Workflow(companyId: company.id, code: $0, description: "From the document") }

            let error = await flowGateError {
                _ = try await store.importWorkflows(document) { new, _, _ in
                    if new.code == "REFUSED" { throw FlowGateError.validation(field: "steps", "REFUSED is not valid") }
                    return new
                }
            }
            #expect(error?.errors.map(\.field) == ["steps"])
            #expect(try await store.workflow(companyId: company.id, code: "FIRST") == nil)
            #expect(try await store.workflow(companyId: company.id, code: "LAST") == nil)
            #expect(try await store.workflow(companyId: company.id, code: "EXISTING") == existing)
            #expect(try await store.workflows(companyId: company.id, PageRequest()).items == [existing])
        }
    }

    @Test("Each imported workflow is prepared knowing the enabled workflows imported before it", arguments: StoreBackend.all)
    func importPreparesAgainstEarlierOnes(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let document = [
                Workflow(companyId: company.id, code: "FIRST", description: "First", enabled: true),
                Workflow(companyId: company.id, code: "SECOND", description: "Second", enabled: true),
            ]
            let seen = Seen<Preparation>()
            let imported = try await store.importWorkflows(document, prepare: Self.recording(seen))

            #expect(seen.all.map(\.new.code) == ["FIRST", "SECOND"])
            #expect(seen.all.map { $0.others.map(\.code) } == [[], ["FIRST"]])
            #expect(seen.all.last?.others == [imported[0].value])
        }
    }

    @Test("Deleting a workflow tells the rule whether a run of it is still active", arguments: StoreBackend.all)
    func deletionRuleSeesActiveRuns(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            let run = try WorkflowRunStoreTests.run(record, steps: 2, active: true)
            let workflow = try await store.storeWorkflow(company, run[0].workflowCode)
            let idle = try await store.storeWorkflow(company, "IDLE")
            _ = try await store.apply(outcome(record, stepInstances: run), outboxMessages: [])

            let seen = Seen<(workflow: Workflow, hasActiveRuns: Bool)>()
            let rule: @Sendable (Workflow, Bool) throws -> Void = { stored, hasActiveRuns in
                seen.record((stored, hasActiveRuns))
                try stored.checkCanBeDeleted(hasActiveRuns: hasActiveRuns)
            }
            let error = await flowGateError { try await store.deleteWorkflow(companyId: company.id, code: workflow.code, precondition: .none, rule: rule) }
            #expect(error?.kind == .conflict && error?.type == "workflow-in-use")
            #expect(try await store.workflow(companyId: company.id, code: workflow.code) == workflow)

            // Another workflow's active run does not count.
            try await store.deleteWorkflow(companyId: company.id, code: idle.code, precondition: .none, rule: rule)

            // Once the run has finished, the workflow goes.
            let snapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            var finished = run
            finished[0].status = .completed
            _ = try await store.apply(outcome(snapshot.record, stepInstances: finished), outboxMessages: [])
            try await store.deleteWorkflow(companyId: company.id, code: workflow.code, precondition: .none, rule: rule)

            #expect(seen.all.map(\.workflow) == [workflow, idle, workflow])
            #expect(seen.all.map(\.hasActiveRuns) == [true, false, false])
            #expect(try await store.workflows(companyId: company.id, PageRequest()).items.isEmpty)
        }
    }

    @Test("A workflow the deletion rule refuses is kept", arguments: StoreBackend.all)
    func refusedDeletionKeepsWorkflow(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let workflow = try await store.storeWorkflow(company, "SALES")
            let error = await flowGateError {
                try await store.deleteWorkflow(companyId: company.id, code: "SALES", precondition: .none) { _, _ in
                    throw FlowGateError.forbidden("Not today.")
                }
            }
            #expect(error?.kind == .forbidden && error?.detail == "Not today.")
            #expect(try await store.workflow(companyId: company.id, code: "SALES") == workflow)

            // The gateway's own rule keeps an enabled workflow.
            let enabled = try await store.storeWorkflow(company, "ENABLED", enabled: true)
            let enabledError = await flowGateError { try await store.deleteWorkflow(companyId: company.id, code: "ENABLED", precondition: .none) }
            #expect(enabledError?.type == "workflow-enabled")
            #expect(try await store.workflow(companyId: company.id, code: "ENABLED") == enabled)
        }
    }

    @Test("Deleting a workflow that does not exist is not found, also when another company has one of that code", arguments: StoreBackend.all)
    func deletingMissingWorkflow(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let other = try await store.makeCompany("FABRIKAM")
            let theirs = try await store.storeWorkflow(other, "SALES")
            let error = await flowGateError {
                try await store.deleteWorkflow(companyId: company.id, code: "SALES", precondition: .none) { _, _ in
                    Issue.record("the rule was asked about a missing workflow")
                }
            }
            #expect(error?.kind == .notFound)
            #expect(try await store.workflow(companyId: other.id, code: "SALES") == theirs)
        }
    }

    @Test("Deleting with a stale If-Match is refused with 412 and deletes nothing; the current version deletes", arguments: StoreBackend.all)
    func deletingWithStaleVersion(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            try await store.storeWorkflow(company, "SALES", description: "First")
            let current = try await store.storeWorkflow(company, "SALES", description: "Second")

            let error = await flowGateError { try await store.deleteWorkflow(companyId: company.id, code: "SALES", precondition: .version(1)) }
            #expect(error?.kind == .preconditionFailed)
            #expect(try await store.workflow(companyId: company.id, code: "SALES") == current)

            try await store.deleteWorkflow(companyId: company.id, code: "SALES", precondition: .version(2))
            #expect(try await store.workflow(companyId: company.id, code: "SALES") == nil)
            #expect(
                await flowGateError { try await store.deleteWorkflow(companyId: company.id, code: "SALES", precondition: .exists) }?.kind
                    == .preconditionFailed
            )
        }
    }
}
