import FlowGateCore
import FlowGateStore
import Foundation

/// Business records: create, read, change (through the engine when a workflow approves changes) and delete.
public struct Records: Sendable {
    let gateway: Gateway

    public func list(company: Company, entitySet: EntitySet, _ page: PageRequest) async throws -> Page<BusinessRecord> {
        try await gateway.store.records(companyId: company.id, entitySet: entitySet, page)
    }

    public func record(company: Company, entitySet: EntitySet, id: UUID) async throws -> BusinessRecord {
        guard let record = try await gateway.store.record(companyId: company.id, entitySet: entitySet, id: id) else {
            throw Self.notFound(entitySet, id)
        }
        return record
    }

    public func create(company: Company, entitySet: EntitySet, changes: RecordChanges) async throws -> BusinessRecord {
        let record = try await gateway.store.createRecord(companyId: company.id, entitySet: entitySet, changes: changes, now: gateway.now())
        gateway.recordChanges.recordsChanged()
        return record
    }

    /// Changes a record. When an enabled workflow starts on the entity's record-change event (MS-CCLCAPW, MS-IUPCAPW),
    /// the change goes through the engine, which may hold a field back for approval; otherwise it is a plain update.
    public func update(
        _ caller: Caller, company: Company, entitySet: EntitySet, id: UUID, changes: RecordChanges, precondition: VersionPrecondition
    ) async throws -> BusinessRecord {
        let store = gateway.store
        let rule: RecordWriteRule = { current, workflowRunning in try current.checkChangeAllowed(changes, workflowRunning: workflowRunning) }
        guard let event = WorkflowEvents.recordChanged(entitySet) else {
            let record = try await store.updateRecord(
                companyId: company.id, entitySet: entitySet, id: id, changes: changes, precondition: precondition, now: gateway.now(), rule: rule
            )
            gateway.recordChanges.recordsChanged()
            return record
        }
        let runner = gateway.runner
        return try await runner.retryingLostRaces {
            let snapshot = try await runner.snapshot(companyId: company.id, entitySet: entitySet, recordId: id)
            guard snapshot.workflows.contains(where: { $0.rootStep?.functionName.uppercased() == event }) else {
                let record = try await store.updateRecord(
                    companyId: company.id, entitySet: entitySet, id: id, changes: changes, precondition: precondition, now: gateway.now(),
                    rule: rule
                )
                gateway.recordChanges.recordsChanged()
                return record
            }
            try precondition.check(current: snapshot.record.version)
            try snapshot.record.checkChangeAllowed(changes, workflowRunning: snapshot.stepInstances.contains { $0.status == .active })
            let now = gateway.now()
            var changed = snapshot
            changed.previousRecord = snapshot.record
            changed.record.apply(changes)
            changed.record.modifiedAt = now
            let outcome = try gateway.engine.handle(WorkflowEvent(event), in: changed, by: caller.userName, at: now)
            return try await runner.store(outcome, at: now, knownUsers: [caller.user]).record
        }
    }

    /// Deletes a record with its approval entries, Flow entries and workflow state, unless an approval request is
    /// active on it.
    public func delete(company: Company, entitySet: EntitySet, id: UUID, precondition: VersionPrecondition) async throws {
        try await gateway.store.deleteRecord(companyId: company.id, entitySet: entitySet, id: id, precondition: precondition, now: gateway.now()) { current, running in
            try current.checkCanBeDeleted(workflowRunning: running)
        }
        gateway.recordChanges.recordsChanged()
    }

    static func notFound(_ entitySet: EntitySet, _ id: UUID) -> FlowGateError {
        .notFound("No \(entitySet.rawValue) record has id \(id.lowercasedString).")
    }
}
