import FlowGateCore
import Foundation
import Hummingbird

/// `/api/v1/companies`.
struct CompanyRoutes {
    let api: APIContext

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("companies") { request, context in
            let caller = try context.caller()
            return try await api.store.companies(try request.pageRequest(), ids: caller.companies).response()
        }
        group.post("companies") { request, context in
            let caller = try context.caller()
            try caller.require(.admin, to: "create companies")
            try caller.requireEveryCompany(to: "create companies")
            let company = try Inputs.company(try await request.jsonObject(limit: api.bodyLimit), now: api.now())
            let created = try await api.store.createCompany(company)
            return JSONResponse.make(created.json, status: .created, location: "/api/v1/companies/\(created.id.lowercasedString)")
        }
        group.get("companies/:company") { _, context in
            _ = try context.caller()
            return JSONResponse.make(try await api.company(context).json)
        }
    }
}
