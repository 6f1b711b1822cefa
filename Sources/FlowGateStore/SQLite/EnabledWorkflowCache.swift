import FlowGateCore
import Foundation
import GRDB
import Synchronization

/// Each company's enabled workflows, decoded once and shared by every snapshot until a workflow changes.
///
/// Every approval request's snapshot holds all enabled workflows of its company, and decoding their JSON
/// step trees costs far more than the rest of the snapshot, while workflows change rarely. Any committed
/// write to the `workflows` table, by whatever method or statement, moves to a new generation, which
/// empties the cache (see `WorkflowTableObserver`).
final class EnabledWorkflowCache: Sendable {
    private struct State {
        var generation = 0
        var entries: [UUID: [Workflow]] = [:]
    }

    private let state = Mutex(State())

    /// The generation to read under. Take it before the read transaction starts, so that a commit the read
    /// does not see always moves past it: a list cached under a generation is never older than its commits.
    var generation: Int { state.withLock { $0.generation } }

    /// The company's enabled workflows: cached ones while `generation` is current, else `load()`'s, then cached
    /// if no workflow change committed meanwhile.
    func workflows(companyId: UUID, generation: Int, load: () throws -> [Workflow]) throws -> [Workflow] {
        let cached = state.withLock { $0.generation == generation ? $0.entries[companyId] : nil }
        if let cached { return cached }
        let workflows = try load()
        state.withLock { state in
            if state.generation == generation { state.entries[companyId] = workflows }
        }
        return workflows
    }

    func invalidate() {
        state.withLock { state in
            state.generation += 1
            state.entries.removeAll()
        }
    }
}

/// Empties the cache once a transaction that changed the `workflows` table commits.
///
/// `@unchecked Sendable`: GRDB calls a transaction observer only on the writer's serial queue, so
/// `changedWorkflows` is never touched by two threads at once; the cache it calls is itself `Sendable`.
final class WorkflowTableObserver: TransactionObserver, @unchecked Sendable {
    private let cache: EnabledWorkflowCache
    private var changedWorkflows = false

    init(cache: EnabledWorkflowCache) {
        self.cache = cache
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName == "workflows"
    }

    func databaseDidChange(with event: DatabaseEvent) {
        changedWorkflows = true
        stopObservingDatabaseChangesUntilNextTransaction()  // one change is enough to know
    }

    func databaseDidCommit(_ db: Database) {
        if changedWorkflows { cache.invalidate() }
        changedWorkflows = false
    }

    func databaseDidRollback(_ db: Database) {
        changedWorkflows = false
    }
}
