import FlowGateCore
import Foundation
import GRDB

extension CompanyKeyedTable {
    static let workflows = CompanyKeyedTable(name: "workflows", keyColumn: "code", noun: "Workflow")
}

extension SQLiteStore {
    public func workflows(companyId: UUID, _ page: PageRequest) async throws -> Page<Workflow> {
        try await writer.read { db in try CompanyKeyedTable.workflows.list(db, Workflow.self, companyId: companyId, page) }
    }

    public func workflow(companyId: UUID, code: String) async throws -> Workflow? {
        try await writer.read { db in try CompanyKeyedTable.workflows.get(db, Workflow.self, companyId: companyId, key: code) }
    }

    public func putWorkflow(
        _ workflow: Workflow, precondition: VersionPrecondition, prepare: @escaping WorkflowPreparation
    ) async throws -> Stored<Workflow> {
        try await writer.write { db in try Self.putWorkflow(db, workflow, precondition: precondition, prepare: prepare) }
    }

    public func importWorkflows(_ workflows: [Workflow], prepare: @escaping WorkflowPreparation) async throws -> [Stored<Workflow>] {
        try await writer.write { db in
            try workflows.map { try Self.putWorkflow(db, $0, precondition: .none, prepare: prepare) }
        }
    }

    public func deleteWorkflow(
        companyId: UUID, code: String, precondition: VersionPrecondition, rule: @escaping @Sendable (Workflow, _ hasActiveRuns: Bool) throws -> Void
    ) async throws {
        try await writer.write { db in
            let current = try CompanyKeyedTable.workflows.get(db, Workflow.self, companyId: companyId, key: code)
            try precondition.check(current: current?.version)
            guard let current else { throw FlowGateError.notFound("Workflow '\(code)' does not exist.") }
            try rule(current, try Self.hasActiveInstances(db, companyId: companyId, workflowCode: code))
            try CompanyKeyedTable.workflows.delete(db, companyId: companyId, key: code, precondition: precondition)
        }
    }

    // MARK: Helpers

    static func putWorkflow(
        _ db: Database, _ workflow: Workflow, precondition: VersionPrecondition, prepare: WorkflowPreparation
    ) throws -> Stored<Workflow> {
        guard let companyId = workflow.companyId else {
            throw FlowGateError.validation(field: "companyId", "a stored workflow belongs to a company")
        }
        let current = try CompanyKeyedTable.workflows.get(db, Workflow.self, companyId: companyId, key: workflow.code)
        let others = try CompanyKeyedTable.workflows.all(db, Workflow.self, companyId: companyId)
            .filter { $0.enabled && $0.code != workflow.code }
        // The rules answer before the version check, as they always have: a 409 or 400 says more than a 412.
        var prepared = try prepare(workflow, current, others)
        // Where it lives and under which code are the caller's choice, not the preparation's.
        (prepared.companyId, prepared.code) = (companyId, workflow.code)
        return try CompanyKeyedTable.workflows.put(db, prepared, companyId: companyId, key: workflow.code, precondition: precondition)
    }

    static func enabledWorkflows(_ db: Database, companyId: UUID) throws -> [Workflow] {
        try CompanyKeyedTable.workflows.all(db, Workflow.self, companyId: companyId).filter(\.enabled)
    }

    static func hasActiveInstances(_ db: Database, companyId: UUID, workflowCode: String) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: "SELECT EXISTS (SELECT 1 FROM workflow_runs WHERE company_id = ? AND workflow_code = ? AND active = 1)",
            arguments: [companyId.storeKey, workflowCode]
        ) ?? false
    }
}
