import FlowGateApp
import FlowGateCore
import FlowGateStore
import Foundation
import Hummingbird

/// Approval user setup, workflow user groups and salespersons/purchasers of a company.
struct SetupController {
    let api: APIContext

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("companies/:company/approvalUserSetup", use: listApprovalUserSetups)
        routes.get("companies/:company/approvalUserSetup/:user", use: getApprovalUserSetup)
        routes.put("companies/:company/approvalUserSetup/:user", use: putApprovalUserSetup)
        routes.delete("companies/:company/approvalUserSetup/:user", use: deleteApprovalUserSetup)
        routes.get("companies/:company/workflowUserGroups", use: listWorkflowUserGroups)
        routes.get("companies/:company/workflowUserGroups/:code", use: getWorkflowUserGroup)
        routes.put("companies/:company/workflowUserGroups/:code", use: putWorkflowUserGroup)
        routes.delete("companies/:company/workflowUserGroups/:code", use: deleteWorkflowUserGroup)
        routes.get("companies/:company/salespersonsPurchasers", use: listSalespersonsPurchasers)
        routes.get("companies/:company/salespersonsPurchasers/:code", use: getSalespersonPurchaser)
        routes.put("companies/:company/salespersonsPurchasers/:code", use: putSalespersonPurchaser)
        routes.delete("companies/:company/salespersonsPurchasers/:code", use: deleteSalespersonPurchaser)
        return routes
    }

    private var setup: Setup { api.gateway.setup }

    // MARK: Approval user setup

    @Sendable func listApprovalUserSetups(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setup.approvalUserSetups(company: try await api.company(context), try request.pageRequest()).response()
    }

    @Sendable func getApprovalUserSetup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let value = try await setup.approvalUserSetup(company: try await api.company(context), userName: try api.code(context, "user"))
        return JSONResponse.make(value.json, etag: value.version)
    }

    @Sendable func putApprovalUserSetup(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "change approval user setup")
        let (company, userName) = (try await api.company(context), try api.code(context, "user"))
        let value = try Inputs.approvalUserSetup(try await request.jsonObject(limit: api.bodyLimit), companyId: company.id, userName: userName)
        return Self.stored(try await setup.putApprovalUserSetup(value, precondition: request.versionPrecondition))
    }

    @Sendable func deleteApprovalUserSetup(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "change approval user setup")
        let (company, userName) = (try await api.company(context), try api.code(context, "user"))
        try await setup.deleteApprovalUserSetup(company: company, userName: userName, precondition: request.versionPrecondition)
        return JSONResponse.noContent()
    }

    // MARK: Workflow user groups

    @Sendable func listWorkflowUserGroups(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setup.workflowUserGroups(company: try await api.company(context), try request.pageRequest()).response()
    }

    @Sendable func getWorkflowUserGroup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let value = try await setup.workflowUserGroup(company: try await api.company(context), code: try api.code(context, "code"))
        return JSONResponse.make(value.json, etag: value.version)
    }

    @Sendable func putWorkflowUserGroup(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "change workflow user groups")
        let (company, code) = (try await api.company(context), try api.code(context, "code"))
        let value = try Inputs.workflowUserGroup(try await request.jsonObject(limit: api.bodyLimit), companyId: company.id, code: code)
        return Self.stored(try await setup.putWorkflowUserGroup(value, precondition: request.versionPrecondition))
    }

    @Sendable func deleteWorkflowUserGroup(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "change workflow user groups")
        let (company, code) = (try await api.company(context), try api.code(context, "code"))
        try await setup.deleteWorkflowUserGroup(company: company, code: code, precondition: request.versionPrecondition)
        return JSONResponse.noContent()
    }

    // MARK: Salespersons/purchasers

    @Sendable func listSalespersonsPurchasers(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setup.salespersonsPurchasers(company: try await api.company(context), try request.pageRequest()).response()
    }

    @Sendable func getSalespersonPurchaser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let value = try await setup.salespersonPurchaser(company: try await api.company(context), code: try api.code(context, "code"))
        return JSONResponse.make(value.json, etag: value.version)
    }

    @Sendable func putSalespersonPurchaser(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "change salespersons/purchasers")
        let (company, code) = (try await api.company(context), try api.code(context, "code"))
        let value = try Inputs.salespersonPurchaser(try await request.jsonObject(limit: api.bodyLimit), companyId: company.id, code: code)
        return Self.stored(try await setup.putSalespersonPurchaser(value, precondition: request.versionPrecondition))
    }

    @Sendable func deleteSalespersonPurchaser(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "change salespersons/purchasers")
        let (company, code) = (try await api.company(context), try api.code(context, "code"))
        try await setup.deleteSalespersonPurchaser(company: company, code: code, precondition: request.versionPrecondition)
        return JSONResponse.noContent()
    }

    /// 201 when the PUT created the value, 200 when it replaced one.
    private static func stored<Value: JSONRepresentable & Versioned>(_ stored: Stored<Value>) -> Response {
        JSONResponse.make(stored.value.json, status: stored.created ? .created : .ok, etag: stored.value.version)
    }
}
