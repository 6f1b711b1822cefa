import FlowGateApp
import FlowGateCore
import Foundation
import Hummingbird

/// `/api/v1/companies/{c}/{entitySet}[/{id}]` for the seven entity sets.
struct RecordController {
    let api: APIContext

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("companies/:company/:entitySet", use: list)
        routes.post("companies/:company/:entitySet", use: create)
        routes.get("companies/:company/:entitySet/:id", use: get)
        routes.patch("companies/:company/:entitySet/:id", use: update)
        routes.delete("companies/:company/:entitySet/:id", use: delete)
        return routes
    }

    private var records: Records { api.gateway.records }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (company, entitySet) = (try await api.company(context), try Self.entitySet(context))
        return try await records.list(company: company, entitySet: entitySet, try request.pageRequest()).response()
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "create records")
        let (company, entitySet) = (try await api.company(context), try Self.entitySet(context))
        let changes = try RecordChanges.parse(try await request.jsonObject(limit: api.bodyLimit), entitySet: entitySet, creating: true)
        let record = try await records.create(company: company, entitySet: entitySet, changes: changes)
        return JSONResponse.make(
            record.json, status: .created, etag: record.version,
            location: "/api/v1/companies/\(company.id.lowercasedString)/\(entitySet.rawValue)/\(record.id.lowercasedString)"
        )
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (company, entitySet, id) = (try await api.company(context), try Self.entitySet(context), try context.parameters.uuid("id"))
        let record = try await records.record(company: company, entitySet: entitySet, id: id)
        return JSONResponse.make(record.json, etag: record.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        try caller.require(.integration, to: "change records")
        let (company, entitySet, id) = (try await api.company(context), try Self.entitySet(context), try context.parameters.uuid("id"))
        let changes = try RecordChanges.parse(try await request.jsonObject(limit: api.bodyLimit), entitySet: entitySet, creating: false)
        let record = try await records.update(
            caller, company: company, entitySet: entitySet, id: id, changes: changes, precondition: request.versionPrecondition
        )
        return JSONResponse.make(record.json, etag: record.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "delete records")
        let (company, entitySet, id) = (try await api.company(context), try Self.entitySet(context), try context.parameters.uuid("id"))
        try await records.delete(company: company, entitySet: entitySet, id: id, precondition: request.versionPrecondition)
        return JSONResponse.noContent()
    }

    static func entitySet(_ context: AppRequestContext) throws -> EntitySet {
        let raw = try context.parameters.text("entitySet")
        guard let entitySet = EntitySet(rawValue: raw) else {
            let known = EntitySet.allCases.map(\.rawValue).joined(separator: ", ")
            throw FlowGateError(.notFound, type: "unknown-entity-set", detail: "Unknown entity set '\(raw)'; the entity sets are \(known).")
        }
        return entitySet
    }
}
