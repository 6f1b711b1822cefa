import FlowGateApp
import FlowGateCore
import FlowGateStore
import Foundation
import Hummingbird

/// Workflows, templates, export/import and step instances under `/api/v1/companies/{c}`.
struct WorkflowController {
    let api: APIContext

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("companies/:company/workflows", use: list)
        routes.get("companies/:company/workflows/export", use: export)
        routes.post("companies/:company/workflows/import", use: importDocument)
        routes.get("companies/:company/workflows/:code", use: get)
        routes.get("companies/:company/workflows/:code/export", use: exportOne)
        routes.put("companies/:company/workflows/:code", use: put)
        routes.delete("companies/:company/workflows/:code", use: delete)
        routes.post("companies/:company/workflows/:code/enable", use: enable)
        routes.post("companies/:company/workflows/:code/disable", use: disable)
        routes.get("companies/:company/workflowTemplates", use: templates)
        routes.post("companies/:company/workflowTemplates/:code/copy", use: copyTemplate)
        routes.get("companies/:company/workflowStepInstances", use: stepInstances)
        routes.post("companies/:company/workflowStepInstances/archive", use: archive)
        routes.get("companies/:company/archivedWorkflowStepInstances", use: archivedStepInstances)
        return routes
    }

    private var workflows: Workflows { api.gateway.workflows }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await workflows.list(company: try await api.company(context), try request.pageRequest()).response()
    }

    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "export workflows")
        let company = try await api.company(context)
        let codes = request.uri.queryParameters.getAll("code").map { $0.uppercased() }
        let includeTemplates = try request.queryBool("includeTemplates") ?? false
        return JSONResponse.make(WorkflowDocument.json(try await workflows.export(company: company, codes: codes, includeTemplates: includeTemplates)))
    }

    @Sendable func importDocument(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "import workflows")
        let company = try await api.company(context)
        let parsed = try WorkflowDocument.parse(try await request.jsonObject(limit: api.bodyLimit), companyId: company.id)
        return JSONResponse.list(try await workflows.importWorkflows(company: company, parsed).map(\.value.json))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let workflow = try await workflows.workflow(company: try await api.company(context), code: try api.code(context, "code"))
        return JSONResponse.make(workflow.json, etag: workflow.template ? nil : workflow.version)
    }

    @Sendable func exportOne(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "export workflows")
        let workflow = try await workflows.workflow(company: try await api.company(context), code: try api.code(context, "code"))
        return JSONResponse.make(WorkflowDocument.json([workflow]))
    }

    @Sendable func put(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "change workflows")
        let company = try await api.company(context)
        let code = try api.code(context, "code")
        try Workflows.checkCanBeSaved(code: code)
        let workflow = try Inputs.workflow(try await request.jsonObject(limit: api.bodyLimit), companyId: company.id, code: code)
        let stored = try await workflows.save(company: company, workflow, precondition: request.versionPrecondition)
        return JSONResponse.make(stored.value.json, status: stored.created ? .created : .ok, etag: stored.value.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "delete workflows")
        let company = try await api.company(context)
        try await workflows.delete(company: company, code: try api.code(context, "code"), precondition: request.versionPrecondition)
        return JSONResponse.noContent()
    }

    @Sendable func enable(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setEnabled(true, action: "enable", request, context)
    }

    @Sendable func disable(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setEnabled(false, action: "disable", request, context)
    }

    private func setEnabled(_ enabled: Bool, action: String, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "\(action) workflows")
        let company = try await api.company(context)
        let workflow = try await workflows.setEnabled(enabled, company: company, code: try api.code(context, "code"), precondition: request.versionPrecondition)
        return JSONResponse.make(workflow.json, etag: workflow.version)
    }

    @Sendable func templates(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await api.company(context)
        return JSONResponse.list(workflows.templates().map(\.json))
    }

    @Sendable func copyTemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "copy workflow templates")
        let company = try await api.company(context)
        let templateCode = try context.parameters.text("code")
        try Workflows.checkTemplateExists(templateCode)
        let copy = try Inputs.templateCopy(try await request.jsonObject(limit: api.bodyLimit))
        let workflow = try await workflows.copyTemplate(
            company: company, templateCode: templateCode, code: copy.code, description: copy.description, enabled: copy.enabled
        )
        return JSONResponse.make(
            workflow.json, status: .created, etag: workflow.version,
            location: "/api/v1/companies/\(company.id.lowercasedString)/workflows/\(workflow.code.pathSegment)"
        )
    }

    @Sendable func stepInstances(_ request: Request, context: AppRequestContext) async throws -> Response {
        let company = try await api.company(context)
        return try await workflows.stepInstances(company: company, recordId: try request.queryUUID("recordId"), try request.pageRequest()).response()
    }

    @Sendable func archive(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "archive workflow step instances")
        let archived = try await workflows.archiveFinishedInstances(company: try await api.company(context))
        return JSONResponse.make(JSONValue.object(["archivedInstances": JSONValue(archived)]))
    }

    @Sendable func archivedStepInstances(_ request: Request, context: AppRequestContext) async throws -> Response {
        let company = try await api.company(context)
        return try await workflows.archivedStepInstances(company: company, recordId: try request.queryUUID("recordId"), try request.pageRequest())
            .response()
    }
}
