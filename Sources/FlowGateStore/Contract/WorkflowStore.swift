import FlowGateCore
import FlowGateDelivery
import Foundation

/// The rules a workflow write runs inside the store's transaction: given the workflow to store, the stored one (nil
/// when new) and the company's other enabled workflows, it returns what to store or throws.
public typealias WorkflowPreparation = @Sendable (_ new: Workflow, _ current: Workflow?, _ otherEnabled: [Workflow]) throws -> Workflow

/// Workflows and their runs: the snapshot the engine reads, the outcome it returns, the step instances.
public protocol WorkflowStore: Sendable {
    func workflows(companyId: UUID, _ page: PageRequest) async throws -> Page<Workflow>
    func workflow(companyId: UUID, code: String) async throws -> Workflow?
    /// Creates or replaces a workflow with what `prepare` makes of it, given the stored one (nil when new) and the
    /// company's other enabled workflows, all read in the same transaction; then checks `precondition`.
    func putWorkflow(_ workflow: Workflow, precondition: VersionPrecondition, prepare: @escaping WorkflowPreparation) async throws -> Stored<Workflow>
    /// Stores several workflows at once, all or none, each prepared as `putWorkflow` does.
    func importWorkflows(_ workflows: [Workflow], prepare: @escaping WorkflowPreparation) async throws -> [Stored<Workflow>]
    /// Deletes a workflow if `rule` allows it, given whether a run of it is still active.
    func deleteWorkflow(
        companyId: UUID, code: String, precondition: VersionPrecondition, rule: @escaping @Sendable (Workflow, _ hasActiveRuns: Bool) throws -> Void
    ) async throws

    /// The record and everything the engine may read about it, or nil when the record does not exist.
    func workflowSnapshot(companyId: UUID, entitySet: EntitySet, recordId: UUID) async throws -> WorkflowSnapshot?
    /// An approval entry and the snapshot of its record, read together; nil when there is no such entry.
    func workflowSnapshot(companyId: UUID, approvalEntryNo: Int) async throws -> (entry: ApprovalEntry, snapshot: WorkflowSnapshot)?
    /// Stores an outcome and the messages it sends in one transaction (the transactional outbox), if the
    /// record's version is still the snapshot's; else `concurrent-change`. New Flow entries are renumbered
    /// like approval entries; messages refer to them by their stable `id` (`sourceId`).
    func apply(_ outcome: WorkflowOutcome, outboxMessages: [OutboxMessage]) async throws -> AppliedOutcome
    func stepInstances(companyId: UUID, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance>
    /// Moves the step instances of finished runs (no step active) to the archive; returns how many instances moved.
    func archiveFinishedInstances(companyId: UUID, now: Date) async throws -> Int
    func archivedStepInstances(companyId: UUID, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance>
}

extension WorkflowStore {
    /// Stores an outcome that sends no messages.
    public func apply(_ outcome: WorkflowOutcome) async throws -> AppliedOutcome {
        try await apply(outcome, outboxMessages: [])
    }
}
