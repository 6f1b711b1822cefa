import FlowGateApp
import FlowGateCore
import Foundation
import Hummingbird

/// `/api/v1/companies`.
struct CompanyController {
    let api: APIContext

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("companies", use: list)
        routes.post("companies", use: create)
        routes.get("companies/:company", use: get)
        routes.patch("companies/:company", use: update)
        return routes
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await api.gateway.directory.companies(try context.caller(), try request.pageRequest()).response()
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        try caller.require(.admin, to: "create companies")
        try caller.requireEveryCompany(to: "create companies")
        let company = try Inputs.company(try await request.jsonObject(limit: api.bodyLimit))
        let created = try await api.gateway.directory.createCompany(company)
        return JSONResponse.make(created.json, status: .created, location: "/api/v1/companies/\(created.id.lowercasedString)")
    }

    /// Company settings: `automationEnabled` (the Automate action on its records).
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        let company = try await api.company(context)
        var reader = JSONObjectReader(try await request.jsonObject(limit: api.bodyLimit))
        reader.rejectUnknown(allowed: ["automationEnabled"], context: "company settings (only automationEnabled can change)")
        reader.refuseNull("automationEnabled")
        let automationEnabled = reader.bool("automationEnabled").value
        try reader.problems.throwIfAny()
        let updated = try await api.gateway.directory.updateCompany(caller, company, automationEnabled: automationEnabled)
        return JSONResponse.make(updated.json)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.make(try await api.company(context).json)
    }
}
