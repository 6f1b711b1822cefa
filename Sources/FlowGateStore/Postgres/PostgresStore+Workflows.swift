import FlowGateCore
import Foundation
import PostgresNIO

extension PostgresStore {
    public func workflows(companyId: UUID, _ page: PageRequest) async throws -> Page<Workflow> {
        try await PostgresCompanyTable.workflows.list(self, Workflow.self, companyId: companyId, page)
    }

    public func workflow(companyId: UUID, code: String) async throws -> Workflow? {
        try await PostgresCompanyTable.workflows.get(self, Workflow.self, companyId: companyId, key: code)
    }

    public func putWorkflow(
        _ workflow: Workflow, precondition: VersionPrecondition, prepare: @escaping WorkflowPreparation
    ) async throws -> Stored<Workflow> {
        try await transaction { connection in try await self.putWorkflow(workflow, precondition: precondition, prepare: prepare, on: connection) }
    }

    public func importWorkflows(_ workflows: [Workflow], prepare: @escaping WorkflowPreparation) async throws -> [Stored<Workflow>] {
        try await transaction { connection in
            var stored: [Stored<Workflow>] = []
            for workflow in workflows { stored.append(try await self.putWorkflow(workflow, precondition: .none, prepare: prepare, on: connection)) }
            return stored
        }
    }

    public func deleteWorkflow(
        companyId: UUID, code: String, precondition: VersionPrecondition, rule: @escaping @Sendable (Workflow, _ hasActiveRuns: Bool) throws -> Void
    ) async throws {
        try await transaction { connection in
            let current = try await PostgresCompanyTable.workflows.get(
                self, Workflow.self, companyId: companyId, key: code, on: connection, forUpdate: true
            )
            try precondition.check(current: current?.version)
            guard let current else { throw FlowGateError.notFound("Workflow '\(code)' does not exist.") }
            try rule(current, try await self.hasActiveRuns(companyId: companyId, workflowCode: code, on: connection))
            try await PostgresCompanyTable.workflows.delete(self, companyId: companyId, key: code, precondition: precondition, on: connection)
        }
    }

    // MARK: Helpers

    func putWorkflow(
        _ workflow: Workflow, precondition: VersionPrecondition, prepare: WorkflowPreparation, on connection: PostgresConnection
    ) async throws -> Stored<Workflow> {
        guard let companyId = workflow.companyId else {
            throw FlowGateError.validation(field: "companyId", "a stored workflow belongs to a company")
        }
        // The company's workflows are locked while one changes: the rules compare it with the other enabled ones.
        try await lockWorkflows(companyId: companyId, on: connection)
        let current = try await PostgresCompanyTable.workflows.get(self, Workflow.self, companyId: companyId, key: workflow.code, on: connection)
        let others = try await PostgresCompanyTable.workflows.all(self, Workflow.self, companyId: companyId, on: connection)
            .filter { $0.enabled && $0.code != workflow.code }
        // The rules answer before the version check, as they always have: a 409 or 400 says more than a 412.
        var prepared = try prepare(workflow, current, others)
        (prepared.companyId, prepared.code) = (companyId, workflow.code)
        return try await PostgresCompanyTable.workflows.put(self, prepared, companyId: companyId, key: workflow.code, precondition: precondition, on: connection)
    }

    /// Serializes changes to one company's workflow list across instances, until the transaction ends.
    func lockWorkflows(companyId: UUID, on connection: PostgresConnection) async throws {
        try await run("SELECT pg_advisory_xact_lock(hashtextextended(\("workflows:" + companyId.storeKey), 0))", on: connection)
    }

    func hasActiveRuns(companyId: UUID, workflowCode: String, on connection: PostgresConnection) async throws -> Bool {
        try await !column(
            Int.self,
            "SELECT 1::bigint FROM workflow_runs WHERE company_id = \(companyId.storeKey) AND workflow_code = \(workflowCode) AND active LIMIT 1",
            on: connection
        ).isEmpty
    }

    /// Disables the workflow if it is enabled, growing its version as any change does.
    func disableWorkflow(companyId: UUID, code: String, on connection: PostgresConnection) async throws {
        guard var workflow = try await PostgresCompanyTable.workflows.get(self, Workflow.self, companyId: companyId, key: code, on: connection),
            workflow.enabled
        else { return }
        workflow.enabled = false
        _ = try await PostgresCompanyTable.workflows.put(self, workflow, companyId: companyId, key: code, precondition: .none, on: connection)
    }
}
