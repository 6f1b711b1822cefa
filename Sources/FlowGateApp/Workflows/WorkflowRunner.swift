import FlowGateCore
import FlowGateStore
import Foundation

/// The loop every workflow use case runs: load the record's snapshot, let the pure engine decide, store the
/// outcome with the messages of its outbound events, then wake the dispatcher.
///
/// The store applies an outcome only if the record's version is still the snapshot's. When another request
/// changed the record meanwhile, the use case runs again on fresh state, so two approvals of the same entry end
/// with one success and Business Central's "only open requests" for the other.
struct WorkflowRunner: Sendable {
    let gateway: Gateway

    /// How often a use case is retried after losing a race on the same record.
    static let attempts = 8

    /// What a run stored: the engine's outcome and the state as committed.
    struct Result: Sendable {
        var outcome: WorkflowOutcome
        var applied: AppliedOutcome
    }

    /// Runs `decide` on the record's current state and stores what it returns. `knownUsers` are users the use case
    /// has already read (the caller, the sender), whose emails the outbound events need.
    func run(
        companyId: UUID, entitySet: EntitySet, recordId: UUID, knownUsers: [User] = [],
        _ decide: @Sendable (WorkflowEngine, WorkflowSnapshot, Date) throws -> WorkflowOutcome
    ) async throws -> Result {
        try await run(knownUsers: knownUsers, decide) { try await snapshot(companyId: companyId, entitySet: entitySet, recordId: recordId) }
    }

    /// Runs `decide` on the current state of the record an approval entry belongs to, read with the entry.
    func run(
        companyId: UUID, approvalEntryNo: Int, knownUsers: [User] = [],
        _ decide: @Sendable (WorkflowEngine, WorkflowSnapshot, Date) throws -> WorkflowOutcome
    ) async throws -> Result {
        try await run(knownUsers: knownUsers, decide) {
            guard let read = try await gateway.store.workflowSnapshot(companyId: companyId, approvalEntryNo: approvalEntryNo) else {
                throw Approvals.entryNotFound(approvalEntryNo)
            }
            return read.snapshot
        }
    }

    private func run(
        knownUsers: [User], _ decide: @Sendable (WorkflowEngine, WorkflowSnapshot, Date) throws -> WorkflowOutcome,
        reading read: () async throws -> WorkflowSnapshot
    ) async throws -> Result {
        try await retryingLostRaces {
            let snapshot = try await read()
            let now = gateway.now()
            let outcome = try decide(gateway.engine, snapshot, now)
            if outcome.isEmpty {
                // Nothing to store (a repeated callback): the record keeps its version.
                return Result(outcome: outcome, applied: AppliedOutcome(record: snapshot.record, approvalEntries: [], notifications: [], stepInstances: []))
            }
            return Result(outcome: outcome, applied: try await store(outcome, at: now, knownUsers: knownUsers))
        }
    }

    /// Stores an outcome with the messages of the events it raises, then wakes their dispatcher.
    func store(_ outcome: WorkflowOutcome, at now: Date, knownUsers: [User]) async throws -> AppliedOutcome {
        let events = ApprovalRequested.events(of: outcome, emails: try await emails(of: outcome, knownUsers: knownUsers))
        let messages = gateway.outbox.messages(for: events, at: now)
        let applied = try await gateway.store.apply(outcome, outboxMessages: messages)
        if !messages.isEmpty { gateway.outbox.messagesStored() }
        if outcome.recordChanged { gateway.recordChanges.recordsChanged() }
        return applied
    }

    /// Runs `attempt` again when the store reports that the record changed under it.
    func retryingLostRaces<T>(_ attempt: () async throws -> T) async throws -> T {
        for _ in 1..<Self.attempts {
            do {
                return try await attempt()
            } catch let error as FlowGateError where error.type == "concurrent-change" {
                continue
            }
        }
        return try await attempt()
    }

    func snapshot(companyId: UUID, entitySet: EntitySet, recordId: UUID) async throws -> WorkflowSnapshot {
        guard let snapshot = try await gateway.store.workflowSnapshot(companyId: companyId, entitySet: entitySet, recordId: recordId) else {
            throw FlowGateError.notFound("No \(entitySet.rawValue) record has id \(recordId.lowercasedString).")
        }
        return snapshot
    }

    /// The emails of the users who sent the outcome's new Flow entries: from `knownUsers`, read only for others.
    private func emails(of outcome: WorkflowOutcome, knownUsers: [User]) async throws -> [String: String] {
        var emails: [String: String] = [:]
        for entry in outcome.newWebhookEntries where emails[entry.initiatedBy] == nil {
            let known = knownUsers.first { $0.userName == entry.initiatedBy }
            let user = known == nil ? try await gateway.store.user(named: entry.initiatedBy) : known
            emails[entry.initiatedBy] = user?.email ?? ""
        }
        return emails
    }
}
