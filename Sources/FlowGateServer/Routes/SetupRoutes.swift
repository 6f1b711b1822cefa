import FlowGateCore
import Foundation
import Hummingbird

/// Approval user setup, workflow user groups and salespersons/purchasers of a company.
struct SetupRoutes {
    let api: APIContext

    func register(on group: RouterGroup<AppRequestContext>) {
        let store = api.store

        group.get("companies/:company/approvalUserSetup") { request, context in
            _ = try context.caller()
            let company = try await api.company(context)
            return try await store.approvalUserSetups(companyId: company.id, try request.pageRequest()).response()
        }
        group.get("companies/:company/approvalUserSetup/:user") { _, context in
            _ = try context.caller()
            let (company, userName) = (try await api.company(context), try api.code(context, "user"))
            guard let setup = try await store.approvalUserSetup(companyId: company.id, userName: userName) else {
                throw FlowGateError.notFound("User '\(userName)' has no approval user setup in company '\(company.name)'.")
            }
            return JSONResponse.make(setup.json, etag: setup.version)
        }
        group.put("companies/:company/approvalUserSetup/:user") { request, context in
            try context.caller().require(.admin, to: "change approval user setup")
            let (company, userName) = (try await api.company(context), try api.code(context, "user"))
            let setup = try Inputs.approvalUserSetup(try await request.jsonObject(limit: api.bodyLimit), companyId: company.id, userName: userName)
            let stored = try await store.putApprovalUserSetup(setup, precondition: request.versionPrecondition)
            return JSONResponse.make(stored.value.json, status: stored.created ? .created : .ok, etag: stored.value.version)
        }
        group.delete("companies/:company/approvalUserSetup/:user") { request, context in
            try context.caller().require(.admin, to: "change approval user setup")
            let (company, userName) = (try await api.company(context), try api.code(context, "user"))
            try await store.deleteApprovalUserSetup(companyId: company.id, userName: userName, precondition: request.versionPrecondition)
            return JSONResponse.noContent()
        }

        group.get("companies/:company/workflowUserGroups") { request, context in
            _ = try context.caller()
            let company = try await api.company(context)
            return try await store.workflowUserGroups(companyId: company.id, try request.pageRequest()).response()
        }
        group.get("companies/:company/workflowUserGroups/:code") { _, context in
            _ = try context.caller()
            let (company, code) = (try await api.company(context), try api.code(context, "code"))
            guard let value = try await store.workflowUserGroup(companyId: company.id, code: code) else {
                throw FlowGateError.notFound("Workflow user group '\(code)' does not exist in company '\(company.name)'.")
            }
            return JSONResponse.make(value.json, etag: value.version)
        }
        group.put("companies/:company/workflowUserGroups/:code") { request, context in
            try context.caller().require(.admin, to: "change workflow user groups")
            let (company, code) = (try await api.company(context), try api.code(context, "code"))
            let value = try Inputs.workflowUserGroup(try await request.jsonObject(limit: api.bodyLimit), companyId: company.id, code: code)
            let stored = try await store.putWorkflowUserGroup(value, precondition: request.versionPrecondition)
            return JSONResponse.make(stored.value.json, status: stored.created ? .created : .ok, etag: stored.value.version)
        }
        group.delete("companies/:company/workflowUserGroups/:code") { request, context in
            try context.caller().require(.admin, to: "change workflow user groups")
            let (company, code) = (try await api.company(context), try api.code(context, "code"))
            try await store.deleteWorkflowUserGroup(companyId: company.id, code: code, precondition: request.versionPrecondition)
            return JSONResponse.noContent()
        }

        group.get("companies/:company/salespersonsPurchasers") { request, context in
            _ = try context.caller()
            let company = try await api.company(context)
            return try await store.salespersonsPurchasers(companyId: company.id, try request.pageRequest()).response()
        }
        group.get("companies/:company/salespersonsPurchasers/:code") { _, context in
            _ = try context.caller()
            let (company, code) = (try await api.company(context), try api.code(context, "code"))
            guard let value = try await store.salespersonPurchaser(companyId: company.id, code: code) else {
                throw FlowGateError.notFound("Salesperson/purchaser '\(code)' does not exist in company '\(company.name)'.")
            }
            return JSONResponse.make(value.json, etag: value.version)
        }
        group.put("companies/:company/salespersonsPurchasers/:code") { request, context in
            try context.caller().require(.admin, to: "change salespersons/purchasers")
            let (company, code) = (try await api.company(context), try api.code(context, "code"))
            let value = try Inputs.salespersonPurchaser(try await request.jsonObject(limit: api.bodyLimit), companyId: company.id, code: code)
            let stored = try await store.putSalespersonPurchaser(value, precondition: request.versionPrecondition)
            return JSONResponse.make(stored.value.json, status: stored.created ? .created : .ok, etag: stored.value.version)
        }
        group.delete("companies/:company/salespersonsPurchasers/:code") { request, context in
            try context.caller().require(.admin, to: "change salespersons/purchasers")
            let (company, code) = (try await api.company(context), try api.code(context, "code"))
            try await store.deleteSalespersonPurchaser(companyId: company.id, code: code, precondition: request.versionPrecondition)
            return JSONResponse.noContent()
        }
    }
}
