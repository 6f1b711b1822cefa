import FlowGateApp
import FlowGateCore
import FlowGateStore
import Foundation
import Hummingbird

/// One kind of a company's approval setup under `/api/v1/companies/{c}/{path}[/{key}]`: approval user setup,
/// workflow user groups, salespersons/purchasers. Reading needs any key; changing needs an admin key.
struct SetupController<Value: JSONRepresentable & Versioned & Sendable>: Sendable {
    let api: APIContext
    /// The collection's path segment, such as `approvalUserSetup`.
    let path: String
    /// The key's path parameter: `user` or `code`.
    let key: String
    /// What the 403 says may not be done, such as "change approval user setup".
    let changeAction: String
    let list: @Sendable (Setup, Company, PageRequest) async throws -> Page<Value>
    let read: @Sendable (Setup, Company, String) async throws -> Value
    /// Parses a PUT body for the company and key.
    let parse: @Sendable ([String: JSONValue], Company, String) throws -> Value
    let store: @Sendable (Setup, Value, VersionPrecondition) async throws -> Stored<Value>
    let remove: @Sendable (Setup, Company, String, VersionPrecondition) async throws -> Void

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("companies/:company/\(path)", use: listAll)
        routes.get("companies/:company/\(path)/:\(key)", use: get)
        routes.put("companies/:company/\(path)/:\(key)", use: put)
        routes.delete("companies/:company/\(path)/:\(key)", use: delete)
        return routes
    }

    private var setup: Setup { api.gateway.setup }

    @Sendable func listAll(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await list(setup, try await api.company(context), try request.pageRequest()).response()
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let value = try await read(setup, try await api.company(context), try api.code(context, key))
        return JSONResponse.make(value.json, etag: value.version)
    }

    @Sendable func put(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: changeAction)
        let (company, code) = (try await api.company(context), try api.code(context, key))
        let value = try parse(try await request.jsonObject(limit: api.bodyLimit), company, code)
        let stored = try await store(setup, value, request.versionPrecondition)
        return JSONResponse.make(stored.value.json, status: stored.created ? .created : .ok, etag: stored.value.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: changeAction)
        let (company, code) = (try await api.company(context), try api.code(context, key))
        try await remove(setup, company, code, request.versionPrecondition)
        return JSONResponse.noContent()
    }
}

extension SetupController where Value == ApprovalUserSetup {
    static func approvalUserSetup(_ api: APIContext) -> Self {
        Self(
            api: api, path: "approvalUserSetup", key: "user", changeAction: "change approval user setup",
            list: { try await $0.approvalUserSetups(company: $1, $2) }, read: { try await $0.approvalUserSetup(company: $1, userName: $2) },
            parse: { try Inputs.approvalUserSetup($0, companyId: $1.id, userName: $2) },
            store: { try await $0.putApprovalUserSetup($1, precondition: $2) },
            remove: { try await $0.deleteApprovalUserSetup(company: $1, userName: $2, precondition: $3) }
        )
    }
}

extension SetupController where Value == WorkflowUserGroup {
    static func workflowUserGroups(_ api: APIContext) -> Self {
        Self(
            api: api, path: "workflowUserGroups", key: "code", changeAction: "change workflow user groups",
            list: { try await $0.workflowUserGroups(company: $1, $2) }, read: { try await $0.workflowUserGroup(company: $1, code: $2) },
            parse: { try Inputs.workflowUserGroup($0, companyId: $1.id, code: $2) },
            store: { try await $0.putWorkflowUserGroup($1, precondition: $2) },
            remove: { try await $0.deleteWorkflowUserGroup(company: $1, code: $2, precondition: $3) }
        )
    }
}

extension SetupController where Value == SalespersonPurchaser {
    static func salespersonsPurchasers(_ api: APIContext) -> Self {
        Self(
            api: api, path: "salespersonsPurchasers", key: "code", changeAction: "change salespersons/purchasers",
            list: { try await $0.salespersonsPurchasers(company: $1, $2) }, read: { try await $0.salespersonPurchaser(company: $1, code: $2) },
            parse: { try Inputs.salespersonPurchaser($0, companyId: $1.id, code: $2) },
            store: { try await $0.putSalespersonPurchaser($1, precondition: $2) },
            remove: { try await $0.deleteSalespersonPurchaser(company: $1, code: $2, precondition: $3) }
        )
    }
}
