import FlowGateCore
import FlowGateDelivery
import Foundation

/// Workflows and their runs: the snapshot the engine reads, the outcome it returns, the step instances.
public protocol WorkflowStore: Sendable {
    func workflows(companyId: UUID, _ page: PageRequest) async throws -> Page<Workflow>
    func workflow(companyId: UUID, code: String) async throws -> Workflow?
    /// Creates or replaces a workflow; `check` runs inside the transaction with the company's other enabled workflows.
    func putWorkflow(
        _ workflow: Workflow, precondition: VersionPrecondition, check: @Sendable (Workflow, _ otherEnabled: [Workflow]) throws -> Void
    ) async throws -> Stored<Workflow>
    /// Stores several workflows at once, all or none, each checked as `putWorkflow` does.
    func importWorkflows(
        _ workflows: [Workflow], check: @Sendable (Workflow, _ otherEnabled: [Workflow]) throws -> Void
    ) async throws -> [Stored<Workflow>]
    /// Deletes a workflow if `rule` allows it, given whether a run of it is still active.
    func deleteWorkflow(
        companyId: UUID, code: String, precondition: VersionPrecondition, rule: @Sendable (Workflow, _ hasActiveRuns: Bool) throws -> Void
    ) async throws

    /// The record and everything the engine may read about it, or nil when the record does not exist.
    func workflowSnapshot(companyId: UUID, entitySet: EntitySet, recordId: UUID) async throws -> WorkflowSnapshot?
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
