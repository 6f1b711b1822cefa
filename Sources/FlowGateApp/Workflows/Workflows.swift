import FlowGateCore
import FlowGateStore
import Foundation

/// A company's workflows and the MS- templates: read, save, enable, disable, copy, delete, import, export, and
/// the step instances their runs leave.
public struct Workflows: Sendable {
    let gateway: Gateway

    public func list(company: Company, _ page: PageRequest) async throws -> Page<Workflow> {
        try await gateway.store.workflows(companyId: company.id, page)
    }

    /// The company's workflow or, for an MS- code, the template.
    public func workflow(company: Company, code: String) async throws -> Workflow {
        if let workflow = try await gateway.store.workflow(companyId: company.id, code: code) { return workflow }
        if let template = WorkflowTemplates.readOnlyTemplate(code) { return template }
        throw FlowGateError.notFound("Workflow '\(code)' does not exist.")
    }

    /// The company's workflows named by `codes` (all when empty), and the templates too when asked.
    public func export(company: Company, codes: [String], includeTemplates: Bool) async throws -> [Workflow] {
        var workflows = try await Gateway.all { try await gateway.store.workflows(companyId: company.id, $0) }
            .filter { codes.isEmpty || codes.contains($0.code) }
        if includeTemplates { workflows += WorkflowTemplates.all.filter { codes.isEmpty || codes.contains($0.code) } }
        return workflows
    }

    /// Stores every workflow of a document, all or none; each replaces one of the same code only as a PUT may.
    public func importWorkflows(company: Company, _ workflows: [Workflow]) async throws -> [Stored<Workflow>] {
        // Every replacement is checked before any workflow is validated, so a document with several faults answers
        // with the first replacement it may not make; the checks run again inside the transaction against races.
        for workflow in workflows {
            if let current = try await gateway.store.workflow(companyId: company.id, code: workflow.code) { try current.checkCanBeReplaced(by: workflow) }
        }
        let catalog = gateway.catalog
        return try await gateway.store.importWorkflows(workflows) { workflow, current, others in
            try current?.checkCanBeReplaced(by: workflow)
            try workflow.validateForStoring(catalog: catalog, otherEnabled: others)
            return workflow
        }
    }

    /// Creates or replaces a workflow (PUT). Templates are read-only; a workflow registered by a subscription keeps
    /// its source, client and subscription.
    public func save(company: Company, _ workflow: Workflow, precondition: VersionPrecondition) async throws -> Stored<Workflow> {
        try Self.checkCanBeSaved(code: workflow.code)
        let catalog = gateway.catalog
        return try await gateway.store.putWorkflow(workflow, precondition: precondition) { workflow, current, others in
            var workflow = workflow
            if let current {
                try current.checkCanBeReplaced(by: workflow)
                (workflow.source, workflow.clientId, workflow.subscriptionId) = (current.source, current.clientId, current.subscriptionId)
            }
            try workflow.validateForStoring(catalog: catalog, otherEnabled: others)
            return workflow
        }
    }

    /// Throws 409 `template-read-only` for a template's code; the API checks it before it reads the body.
    public static func checkCanBeSaved(code: String) throws {
        try WorkflowTemplates.checkNotTemplate(code, "is a template and cannot be changed; copy it to make an editable workflow.")
    }

    /// Deletes a disabled workflow that no run uses; never a template, nor one a subscription registered.
    public func delete(company: Company, code: String, precondition: VersionPrecondition) async throws {
        let current = try await gateway.store.workflow(companyId: company.id, code: code)
        if current == nil { try WorkflowTemplates.checkNotTemplate(code, "is a template and cannot be deleted.") }
        if let current, current.source == .flow {
            throw FlowGateError.conflict(
                "workflow-managed-by-subscription", "Workflow \(code) belongs to a webhook subscription; delete the subscription instead."
            )
        }
        try await gateway.store.deleteWorkflow(companyId: company.id, code: code, precondition: precondition, rule: Self.deletionRule)
    }

    /// Business Central's rule, run inside the deleting transaction: only a disabled workflow that no run uses.
    static let deletionRule: @Sendable (Workflow, Bool) throws -> Void = { workflow, hasActiveRuns in
        try workflow.checkCanBeDeleted(hasActiveRuns: hasActiveRuns)
    }

    /// Enables or disables a workflow; a template must be copied first. The stored workflow is changed inside the
    /// transaction, so a concurrent edit is never overwritten.
    public func setEnabled(_ enabled: Bool, company: Company, code: String, precondition: VersionPrecondition) async throws -> Workflow {
        let workflow = try await self.workflow(company: company, code: code)
        if workflow.template {
            throw FlowGateError.conflict("template-read-only", "\(workflow.code) is a template; copy it, then enable the copy.")
        }
        let catalog = gateway.catalog
        return try await gateway.store.putWorkflow(workflow, precondition: precondition) { workflow, current, others in
            guard var changed = current else { throw FlowGateError.notFound("Workflow '\(workflow.code)' does not exist.") }
            changed.enabled = enabled
            try changed.validateForStoring(catalog: catalog, otherEnabled: others)
            return changed
        }.value
    }

    public func templates() -> [Workflow] {
        WorkflowTemplates.all
    }

    /// Throws 404 unless a template has this code (with or without `MS-`); the API checks it before it reads the body.
    @discardableResult
    public static func checkTemplateExists(_ templateCode: String) throws -> Workflow {
        guard let template = WorkflowTemplates.template(templateCode) else {
            throw FlowGateError.notFound("Workflow template '\(templateCode)' does not exist; GET .../workflowTemplates lists them.")
        }
        return template
    }

    /// Copies a template into the company's workflows under a new code.
    public func copyTemplate(company: Company, templateCode: String, code: String, description: String?, enabled: Bool) async throws -> Workflow {
        let template = try Self.checkTemplateExists(templateCode)
        var workflow = template.copy(as: code, description: description, companyId: company.id)
        workflow.enabled = enabled
        let catalog = gateway.catalog
        return try await gateway.store.putWorkflow(workflow, precondition: .none) { workflow, current, others in
            if current != nil { throw FlowGateError.conflict("already-exists", "Workflow \(workflow.code) already exists.") }
            try workflow.validateForStoring(catalog: catalog, otherEnabled: others)
            return workflow
        }.value
    }

    public func stepInstances(company: Company, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance> {
        try await gateway.store.stepInstances(companyId: company.id, recordId: recordId, page)
    }

    /// Moves the step instances of finished runs to the archive; returns how many moved.
    public func archiveFinishedInstances(company: Company) async throws -> Int {
        try await gateway.store.archiveFinishedInstances(companyId: company.id, now: gateway.now())
    }

    public func archivedStepInstances(company: Company, recordId: UUID?, _ page: PageRequest) async throws -> Page<WorkflowStepInstance> {
        try await gateway.store.archivedStepInstances(companyId: company.id, recordId: recordId, page)
    }
}
