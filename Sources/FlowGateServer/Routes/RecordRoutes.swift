import FlowGateCore
import Foundation
import Hummingbird

/// `/api/v1/companies/{c}/{entitySet}[/{id}]` for the seven entity sets.
struct RecordRoutes {
    let api: APIContext
    let workflows: WorkflowService

    func register(on group: RouterGroup<AppRequestContext>) {
        let store = api.store
        let workflows = workflows

        group.get("companies/:company/:entitySet") { request, context in
            _ = try context.caller()
            let (company, entitySet) = (try await api.company(context), try Self.entitySet(context))
            return try await store.records(companyId: company.id, entitySet: entitySet, try request.pageRequest()).response()
        }
        group.post("companies/:company/:entitySet") { request, context in
            try context.caller().require(.integration, to: "create records")
            let (company, entitySet) = (try await api.company(context), try Self.entitySet(context))
            let changes = try RecordChanges.parse(try await request.jsonObject(limit: api.bodyLimit), entitySet: entitySet, creating: true)
            let record = try await store.createRecord(companyId: company.id, entitySet: entitySet, changes: changes, now: api.now())
            return JSONResponse.make(
                record.json, status: .created, etag: record.version,
                location: "/api/v1/companies/\(company.id.lowercasedString)/\(entitySet.rawValue)/\(record.id.lowercasedString)"
            )
        }
        group.get("companies/:company/:entitySet/:id") { _, context in
            _ = try context.caller()
            let (company, entitySet, id) = (try await api.company(context), try Self.entitySet(context), try context.parameters.uuid("id"))
            guard let record = try await store.record(companyId: company.id, entitySet: entitySet, id: id) else {
                throw FlowGateError.notFound("No \(entitySet.rawValue) record has id \(id.lowercasedString).")
            }
            return JSONResponse.make(record.json, etag: record.version)
        }
        group.patch("companies/:company/:entitySet/:id") { request, context in
            let caller = try context.caller()
            try caller.require(.integration, to: "change records")
            let (company, entitySet, id) = (try await api.company(context), try Self.entitySet(context), try context.parameters.uuid("id"))
            let changes = try RecordChanges.parse(try await request.jsonObject(limit: api.bodyLimit), entitySet: entitySet, creating: false)
            let record = try await workflows.updateRecord(
                companyId: company.id, entitySet: entitySet, id: id, changes: changes, precondition: request.versionPrecondition,
                by: caller.user.userName
            )
            return JSONResponse.make(record.json, etag: record.version)
        }
        group.delete("companies/:company/:entitySet/:id") { request, context in
            try context.caller().require(.integration, to: "delete records")
            let (company, entitySet, id) = (try await api.company(context), try Self.entitySet(context), try context.parameters.uuid("id"))
            try await store.deleteRecord(companyId: company.id, entitySet: entitySet, id: id, precondition: request.versionPrecondition)
            return JSONResponse.noContent()
        }
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
