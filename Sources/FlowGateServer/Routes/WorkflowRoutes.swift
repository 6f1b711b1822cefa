import FlowGateCore
import Foundation
import Hummingbird

/// Workflows, templates, export/import and step instances under `/api/v1/companies/{c}`.
struct WorkflowRoutes {
    let api: APIContext
    let catalog: WorkflowCatalog

    func register(on group: RouterGroup<AppRequestContext>) {
        let store = api.store
        let catalog = catalog

        group.get("companies/:company/workflows") { request, context in
            _ = try context.caller()
            let company = try await api.company(context)
            return try await store.workflows(companyId: company.id, try request.pageRequest()).response()
        }
        group.get("companies/:company/workflows/export") { request, context in
            try context.caller().require(.admin, to: "export workflows")
            let company = try await api.company(context)
            let codes = request.uri.queryParameters.getAll("code").map { $0.uppercased() }
            let includeTemplates = request.uri.queryParameters.get("includeTemplates") == "true"
            var workflows = try await allWorkflows(companyId: company.id).filter { codes.isEmpty || codes.contains($0.code) }
            if includeTemplates { workflows += WorkflowTemplates.all.filter { codes.isEmpty || codes.contains($0.code) } }
            return JSONResponse.make(WorkflowDocument.json(workflows))
        }
        group.post("companies/:company/workflows/import") { request, context in
            try context.caller().require(.admin, to: "import workflows")
            let company = try await api.company(context)
            let workflows = try WorkflowDocument.parse(try await request.jsonObject(limit: api.bodyLimit), companyId: company.id)
            for workflow in workflows {
                if let current = try await store.workflow(companyId: company.id, code: workflow.code) { try current.checkCanBeReplaced(by: workflow) }
            }
            let stored = try await store.importWorkflows(workflows) { workflow, others in
                try workflow.validateForStoring(catalog: catalog, otherEnabled: others)
            }
            return JSONResponse.list(stored.map(\.value.json))
        }
        group.get("companies/:company/workflows/:code") { _, context in
            _ = try context.caller()
            let workflow = try await workflow(context)
            return JSONResponse.make(workflow.json, etag: workflow.template ? nil : workflow.version)
        }
        group.get("companies/:company/workflows/:code/export") { _, context in
            try context.caller().require(.admin, to: "export workflows")
            return JSONResponse.make(WorkflowDocument.json([try await workflow(context)]))
        }
        group.put("companies/:company/workflows/:code") { request, context in
            try context.caller().require(.admin, to: "change workflows")
            let company = try await api.company(context)
            let code = try api.code(context, "code")
            if code.hasPrefix(WorkflowTemplates.codePrefix) && WorkflowTemplates.template(code) != nil {
                throw FlowGateError.conflict("template-read-only", "\(code) is a template and cannot be changed; copy it to make an editable workflow.")
            }
            var workflow = try Inputs.workflow(try await request.jsonObject(limit: api.bodyLimit), companyId: company.id, code: code)
            if let current = try await store.workflow(companyId: company.id, code: code) {
                try current.checkCanBeReplaced(by: workflow)
                (workflow.source, workflow.clientId, workflow.subscriptionId) = (current.source, current.clientId, current.subscriptionId)
            }
            let stored = try await store.putWorkflow(workflow, precondition: request.versionPrecondition) { workflow, others in
                try workflow.validateForStoring(catalog: catalog, otherEnabled: others)
            }
            return JSONResponse.make(stored.value.json, status: stored.created ? .created : .ok, etag: stored.value.version)
        }
        group.delete("companies/:company/workflows/:code") { request, context in
            try context.caller().require(.admin, to: "delete workflows")
            let company = try await api.company(context)
            let code = try api.code(context, "code")
            let current = try await store.workflow(companyId: company.id, code: code)
            if current == nil, WorkflowTemplates.template(code) != nil, code.hasPrefix(WorkflowTemplates.codePrefix) {
                throw FlowGateError.conflict("template-read-only", "\(code) is a template and cannot be deleted.")
            }
            if let current, current.source == .flow {
                throw FlowGateError.conflict(
                    "workflow-managed-by-subscription", "Workflow \(code) belongs to a webhook subscription; delete the subscription instead."
                )
            }
            try await store.deleteWorkflow(companyId: company.id, code: code, precondition: request.versionPrecondition)
            return JSONResponse.noContent()
        }
        for (action, enabled) in [("enable", true), ("disable", false)] {
            group.post("companies/:company/workflows/:code/\(action)") { request, context in
                try context.caller().require(.admin, to: "\(action) workflows")
                var workflow = try await workflow(context)
                if workflow.template {
                    throw FlowGateError.conflict("template-read-only", "\(workflow.code) is a template; copy it, then enable the copy.")
                }
                workflow.enabled = enabled
                let stored = try await store.putWorkflow(workflow, precondition: request.versionPrecondition) { workflow, others in
                    try workflow.validateForStoring(catalog: catalog, otherEnabled: others)
                }
                return JSONResponse.make(stored.value.json, etag: stored.value.version)
            }
        }

        group.get("companies/:company/workflowTemplates") { _, context in
            _ = try context.caller()
            _ = try await api.company(context)
            return JSONResponse.list(WorkflowTemplates.all.map(\.json))
        }
        group.post("companies/:company/workflowTemplates/:code/copy") { request, context in
            try context.caller().require(.admin, to: "copy workflow templates")
            let company = try await api.company(context)
            let templateCode = try context.parameters.text("code")
            guard let template = WorkflowTemplates.template(templateCode) else {
                throw FlowGateError.notFound("Workflow template '\(templateCode)' does not exist; GET .../workflowTemplates lists them.")
            }
            let copy = try Inputs.templateCopy(try await request.jsonObject(limit: api.bodyLimit))
            if try await store.workflow(companyId: company.id, code: copy.code) != nil {
                throw FlowGateError.conflict("already-exists", "Workflow \(copy.code) already exists.")
            }
            var workflow = template.copy(as: copy.code, description: copy.description, companyId: company.id)
            workflow.enabled = copy.enabled
            let stored = try await store.putWorkflow(workflow, precondition: .none) { workflow, others in
                try workflow.validateForStoring(catalog: catalog, otherEnabled: others)
            }
            return JSONResponse.make(
                stored.value.json, status: .created, etag: stored.value.version,
                location: "/api/v1/companies/\(company.id.lowercasedString)/workflows/\(stored.value.code.pathSegment)"
            )
        }

        group.get("companies/:company/workflowStepInstances") { request, context in
            _ = try context.caller()
            let company = try await api.company(context)
            return try await store.stepInstances(companyId: company.id, recordId: try request.queryUUID("recordId"), try request.pageRequest()).response()
        }
        group.post("companies/:company/workflowStepInstances/archive") { _, context in
            try context.caller().require(.admin, to: "archive workflow step instances")
            let company = try await api.company(context)
            let archived = try await store.archiveFinishedInstances(companyId: company.id, now: api.now())
            return JSONResponse.make(JSONValue.object(["archivedInstances": JSONValue(archived)]))
        }
        group.get("companies/:company/archivedWorkflowStepInstances") { request, context in
            _ = try context.caller()
            let company = try await api.company(context)
            return try await store.archivedStepInstances(companyId: company.id, recordId: try request.queryUUID("recordId"), try request.pageRequest()).response()
        }
    }

    /// The company's workflow or, for an MS- code, the template.
    private func workflow(_ context: AppRequestContext) async throws -> Workflow {
        let company = try await api.company(context)
        let code = try api.code(context, "code")
        if let workflow = try await api.store.workflow(companyId: company.id, code: code) { return workflow }
        if let template = WorkflowTemplates.template(code), code.hasPrefix(WorkflowTemplates.codePrefix) { return template }
        throw FlowGateError.notFound("Workflow '\(code)' does not exist.")
    }

    private func allWorkflows(companyId: UUID) async throws -> [Workflow] {
        var all: [Workflow] = []
        var page = try await api.store.workflows(companyId: companyId, PageRequest(limit: "1000", cursor: nil))
        all += page.items
        while let cursor = page.nextCursor {
            page = try await api.store.workflows(companyId: companyId, PageRequest(limit: "1000", cursor: cursor))
            all += page.items
        }
        return all
    }
}

/// The export/import document: `{"workflows": [...]}`, each workflow as `GET .../workflows/{code}` shows it.
enum WorkflowDocument {
    static func json(_ workflows: [Workflow]) -> JSONValue {
        .object(["workflows": .array(workflows.map(\.json))])
    }

    /// A document, or a single workflow object; every workflow is parsed before any is stored.
    static func parse(_ object: [String: JSONValue], companyId: UUID) throws -> [Workflow] {
        guard object["workflows"] != nil else { return [try Inputs.workflow(object, companyId: companyId, code: nil)] }
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: ["workflows"], context: "a workflow document")
        let items = reader.array("workflows").value ?? []
        try reader.problems.throwIfAny()
        var workflows: [Workflow] = []
        for (index, item) in items.enumerated() {
            guard case .object(let workflow) = item else {
                throw FlowGateError.validation(field: "workflows[\(index)]", "must be a workflow object")
            }
            workflows.append(try Inputs.workflow(workflow, companyId: companyId, code: nil, path: "workflows[\(index)]"))
        }
        if let duplicate = Dictionary(grouping: workflows, by: \.code).first(where: { $0.value.count > 1 })?.key {
            throw FlowGateError.validation(field: "workflows", "workflow \(duplicate) appears twice")
        }
        return workflows
    }
}
