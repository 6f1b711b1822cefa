import FlowGateCore
import FlowGateDelivery
import Foundation

/// A rule run inside the store's transaction on a record about to change or go: the record as stored, and
/// whether a workflow run of it still waits for an event. FlowGateCore's rules are passed by the use cases.
public typealias RecordWriteRule = @Sendable (_ current: BusinessRecord, _ workflowRunning: Bool) throws -> Void

/// Business records of the seven entity sets. Every write that commits puts the record's change in the window of
/// each live record-change subscription to its entity set, in the same transaction.
public protocol RecordStore: Sendable {
    func createRecord(companyId: UUID, entitySet: EntitySet, changes: RecordChanges, now: Date) async throws -> BusinessRecord
    func records(companyId: UUID, entitySet: EntitySet, _ page: PageRequest) async throws -> Page<BusinessRecord>
    func record(companyId: UUID, entitySet: EntitySet, id: UUID) async throws -> BusinessRecord?
    /// Applies `changes` if the version matches `precondition` and `rule` allows it; the version grows by one.
    func updateRecord(
        companyId: UUID, entitySet: EntitySet, id: UUID, changes: RecordChanges, precondition: VersionPrecondition, now: Date,
        rule: @escaping RecordWriteRule
    ) async throws -> BusinessRecord
    /// Deletes a record, with its approval entries, Flow entries and workflow state, if `rule` allows it.
    func deleteRecord(
        companyId: UUID, entitySet: EntitySet, id: UUID, precondition: VersionPrecondition, now: Date, rule: @escaping RecordWriteRule
    ) async throws
}
