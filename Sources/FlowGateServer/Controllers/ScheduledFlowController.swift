import FlowGateApp
import FlowGateCore
import FlowGateDelivery
import Foundation
import Hummingbird

/// Scheduled flows and their runs.
struct ScheduledFlowController {
    let api: APIContext
    let networkPolicy: NetworkPolicy

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("companies/:company/scheduledFlows", use: create)
        routes.get("companies/:company/scheduledFlows", use: list)
        routes.get("companies/:company/scheduledFlows/:id", use: get)
        routes.patch("companies/:company/scheduledFlows/:id", use: update)
        routes.delete("companies/:company/scheduledFlows/:id", use: delete)
        routes.get("companies/:company/scheduledFlows/:id/runs", use: runs)
        return routes
    }

    private var flows: ScheduledFlows { api.gateway.scheduledFlows }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "create scheduled flows")
        let company = try await api.company(context)
        let definition = try Inputs.scheduledFlow(try await request.jsonObject(limit: api.bodyLimit), policy: networkPolicy, now: api.gateway.currentTime)
        let flow = try await flows.create(company: company, definition)
        let location = "/api/v1/companies/\(company.id.lowercasedString)/scheduledFlows/\(flow.id.lowercasedString)"
        return JSONResponse.make(flow.json.adding(secret: flow.secret), status: .created, etag: flow.version, location: location)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "list scheduled flows")
        return try await flows.list(company: try await api.company(context), try request.pageRequest()).response()
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "read scheduled flows")
        let flow = try await flows.flow(company: try await api.company(context), id: try context.parameters.text("id"))
        return JSONResponse.make(flow.json, etag: flow.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "change scheduled flows")
        let company = try await api.company(context)
        let change = try Inputs.scheduledFlowChange(try await request.jsonObject(limit: api.bodyLimit), policy: networkPolicy, now: api.gateway.currentTime)
        let flow = try await flows.update(company: company, id: try context.parameters.text("id"), change, precondition: request.versionPrecondition)
        return JSONResponse.make(flow.json, etag: flow.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "delete scheduled flows")
        try await flows.delete(company: try await api.company(context), id: try context.parameters.text("id"), precondition: request.versionPrecondition)
        return JSONResponse.noContent()
    }

    @Sendable func runs(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "list scheduled flow runs")
        let company = try await api.company(context)
        return try await flows.runs(company: company, id: try context.parameters.text("id"), try request.pageRequest()).response()
    }
}
