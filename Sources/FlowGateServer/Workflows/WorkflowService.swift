import FlowGateCore
import FlowGateStore
import Foundation

/// Runs workflow use cases: load the record's snapshot, let the pure engine decide, store the outcome.
///
/// The store applies an outcome only if the record's version is still the snapshot's. When another
/// request changed the record meanwhile, the use case runs again on fresh state, so two approvals of
/// the same entry end with one success and Business Central's "only open requests" for the other.
struct WorkflowService: Sendable {
    let store: any Store
    let engine: WorkflowEngine
    let now: @Sendable () -> Date
    /// Makes the messages of new Flow entries, stored with the outcome, and wakes their dispatcher.
    let notifier: FlowNotifier

    /// How often a use case is retried after losing a race on the same record.
    static let attempts = 8

    /// Runs `decide` on the record's current state and stores what it returns.
    func run(
        companyId: UUID, entitySet: EntitySet, recordId: UUID,
        _ decide: @Sendable (WorkflowEngine, WorkflowSnapshot, Date) throws -> WorkflowOutcome
    ) async throws -> (outcome: WorkflowOutcome, applied: AppliedOutcome) {
        try await retryingLostRaces {
            let snapshot = try await snapshot(companyId: companyId, entitySet: entitySet, recordId: recordId)
            let now = now()
            let outcome = try decide(engine, snapshot, now)
            if outcome.isEmpty {
                // Nothing to store (a repeated callback): the record keeps its version.
                return (outcome, AppliedOutcome(record: snapshot.record, approvalEntries: [], notifications: [], stepInstances: []))
            }
            return (outcome, try await store(outcome, at: now))
        }
    }

    /// Stores an outcome with the webhook messages of the Flow entries it creates, then wakes their dispatcher.
    private func store(_ outcome: WorkflowOutcome, at now: Date) async throws -> AppliedOutcome {
        let messages = try await notifier.messages(for: outcome, now: now)
        let applied = try await store.apply(outcome, messages: messages)
        if !messages.isEmpty { notifier.messagesStored() }
        return applied
    }

    /// Runs `attempt` again when the store reports that the record changed under it.
    private func retryingLostRaces<T>(_ attempt: () async throws -> T) async throws -> T {
        for _ in 1..<Self.attempts {
            do {
                return try await attempt()
            } catch let error as FlowGateError where error.type == "concurrent-change" {
                continue
            }
        }
        return try await attempt()
    }

    private func snapshot(companyId: UUID, entitySet: EntitySet, recordId: UUID) async throws -> WorkflowSnapshot {
        guard let snapshot = try await store.workflowSnapshot(companyId: companyId, entitySet: entitySet, recordId: recordId) else {
            throw FlowGateError.notFound("No \(entitySet.rawValue) record has id \(recordId.lowercasedString).")
        }
        return snapshot
    }

    /// Runs `decide` on the state of the record an approval entry belongs to.
    func run(
        companyId: UUID, entryNo: Int, _ decide: @Sendable (WorkflowEngine, WorkflowSnapshot, Date) throws -> WorkflowOutcome
    ) async throws -> (outcome: WorkflowOutcome, applied: AppliedOutcome) {
        guard let entry = try await store.approvalEntry(companyId: companyId, entryNo: entryNo) else {
            throw FlowGateError.notFound("Approval entry \(entryNo) does not exist.")
        }
        return try await run(companyId: companyId, entitySet: entry.entitySet, recordId: entry.recordId, decide)
    }

    /// Delegates every open entry whose Delegate After has passed (Business Central's report 1511); returns how many moved.
    func delegateOverdueEntries() async throws -> Int {
        let due = WorkflowEngine.entriesDueForDelegation(try await store.openEntriesWithDelegation(), now: now())
        var delegated = 0
        for entry in due {
            do {
                _ = try await run(companyId: entry.companyId, entitySet: entry.entitySet, recordId: entry.recordId) { engine, snapshot, now in
                    try engine.delegate(entryNo: entry.entryNo, in: snapshot, by: entry.approverId, automatic: true, at: now)
                }
                delegated += 1
            } catch let error as FlowGateError where error.kind == .conflict || error.kind == .notFound {
                // Decided or moved meanwhile, or no one to delegate to: the next round looks again.
                continue
            }
        }
        return delegated
    }
}

extension WorkflowService {
    /// PATCH of a record: when an enabled workflow starts on the entity's record-change event (MS-CCLCAPW,
    /// MS-IUPCAPW), the change goes through the engine, which may hold a field back for approval;
    /// otherwise it is a plain update.
    func updateRecord(
        companyId: UUID, entitySet: EntitySet, id: UUID, changes: RecordChanges, precondition: VersionPrecondition, by userId: String
    ) async throws -> BusinessRecord {
        guard let event = WorkflowEvents.recordChanged(entitySet) else {
            return try await store.updateRecord(companyId: companyId, entitySet: entitySet, id: id, changes: changes, precondition: precondition, now: now())
        }
        return try await retryingLostRaces {
            let snapshot = try await snapshot(companyId: companyId, entitySet: entitySet, recordId: id)
            guard snapshot.workflows.contains(where: { $0.rootStep?.functionName.uppercased() == event }) else {
                return try await store.updateRecord(companyId: companyId, entitySet: entitySet, id: id, changes: changes, precondition: precondition, now: now())
            }
            try precondition.check(current: snapshot.record.version)
            try snapshot.record.checkChangeAllowed(changes, workflowRunning: snapshot.stepInstances.contains { $0.status == .active })
            let now = now()
            var changed = snapshot
            changed.previousRecord = snapshot.record
            changed.record.apply(changes)
            changed.record.modifiedAt = now
            let outcome = try engine.handle(WorkflowEvent(event), in: changed, by: userId, at: now)
            return try await store(outcome, at: now).record
        }
    }
}
