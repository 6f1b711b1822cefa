import FlowGateApp
import FlowGateCore
import FlowGateDelivery
import Foundation
import Hummingbird

/// Instant flows: their definitions (admin), the Automate menu of a record and its runs.
struct InstantFlowController {
    let api: APIContext
    let networkPolicy: NetworkPolicy

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("companies/:company/instantFlows", use: create)
        routes.get("companies/:company/instantFlows", use: list)
        routes.get("companies/:company/instantFlows/:id", use: get)
        routes.patch("companies/:company/instantFlows/:id", use: update)
        routes.delete("companies/:company/instantFlows/:id", use: delete)
        routes.get("companies/:company/instantFlowRuns/:runId", use: runState)
        routes.get("companies/:company/:entitySet/:id/automate", use: menu)
        routes.post("companies/:company/:entitySet/:id/automate/:flowId", use: run)
        return routes
    }

    private var flows: InstantFlows { api.gateway.instantFlows }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "define instant flows")
        let company = try await api.company(context)
        let definition = try Inputs.instantFlow(try await request.jsonObject(limit: api.bodyLimit), policy: networkPolicy)
        let flow = try await flows.create(company: company, definition)
        let location = "/api/v1/companies/\(company.id.lowercasedString)/instantFlows/\(flow.id.lowercasedString)"
        return JSONResponse.make(flow.json.adding(secret: flow.secret), status: .created, etag: flow.version, location: location)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "list instant flows")
        return try await flows.list(company: try await api.company(context), try request.pageRequest()).response()
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "read instant flows")
        let flow = try await flows.flow(company: try await api.company(context), id: try context.parameters.text("id"))
        return JSONResponse.make(flow.json, etag: flow.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "change instant flows")
        let company = try await api.company(context)
        let change = try Inputs.instantFlowChange(try await request.jsonObject(limit: api.bodyLimit), policy: networkPolicy)
        let flow = try await flows.update(company: company, id: try context.parameters.text("id"), change, precondition: request.versionPrecondition)
        return JSONResponse.make(flow.json, etag: flow.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "delete instant flows")
        try await flows.delete(company: try await api.company(context), id: try context.parameters.text("id"), precondition: request.versionPrecondition)
        return JSONResponse.noContent()
    }

    /// The record's Automate menu: any key that may read the record may list the flows.
    @Sendable func menu(_ request: Request, context: AppRequestContext) async throws -> Response {
        let company = try await api.company(context)
        let entitySet = try RecordController.entitySet(context)
        let menu = try await flows.menu(company: company, entitySet: entitySet, recordId: try context.parameters.uuid("id"))
        return JSONResponse.list(menu.map(\.menuJSON), nextCursor: nil)
    }

    /// Runs a flow on the record, as the key's user: 202 with the run's id once it is queued.
    @Sendable func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        let company = try await api.company(context)
        let entitySet = try RecordController.entitySet(context)
        let inputs = try Inputs.runInputs(try await request.optionalJSONObject(limit: api.bodyLimit))
        let runId = try await flows.run(
            caller, company: company, entitySet: entitySet, recordId: try context.parameters.uuid("id"), flowId: try context.parameters.text("flowId"),
            inputs: inputs
        )
        let location = "/api/v1/companies/\(company.id.lowercasedString)/instantFlowRuns/\(runId.lowercasedString)"
        return JSONResponse.make(.object(["runId": JSONValue(runId), "status": "pending"]), status: .accepted, location: location)
    }

    @Sendable func runState(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        let company = try await api.company(context)
        return JSONResponse.make(try await flows.runState(caller, company: company, runId: try context.parameters.text("runId")).json)
    }
}
