import FlowGateCore
import Foundation
import Hummingbird

/// `/api/v1/users` and their API keys.
struct UserRoutes {
    let api: APIContext

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("users") { request, context in
            try context.caller().require(.integration, to: "list users")
            return try await api.store.users(try request.pageRequest()).response()
        }
        group.post("users") { request, context in
            try context.caller().require(.admin, to: "create users")
            let user = try await api.store.createUser(try Inputs.newUser(try await request.jsonObject(limit: api.bodyLimit), now: api.now()))
            return JSONResponse.make(user.json, status: .created, etag: user.version, location: "/api/v1/users/\(user.userName.pathSegment)")
        }
        group.get("users/:user") { _, context in
            let user = try await existingUser(context)
            try checkSelfOr(.integration, user: user, context: context, action: "read other users")
            return JSONResponse.make(user.json, etag: user.version)
        }
        group.patch("users/:user") { request, context in
            try context.caller().require(.admin, to: "change users")
            let user = try await existingUser(context)
            let changed = try Inputs.userPatch(try await request.jsonObject(limit: api.bodyLimit), to: user)
            let stored = try await api.store.updateUser(changed, precondition: request.versionPrecondition)
            return JSONResponse.make(stored.json, etag: stored.version)
        }
        group.get("users/:user/apiKeys") { _, context in
            let user = try await existingUser(context)
            try checkSelfOr(.admin, user: user, context: context, action: "list other users' keys")
            return JSONResponse.list(try await api.store.apiKeys(userName: user.userName).map(\.json))
        }
        group.post("users/:user/apiKeys") { request, context in
            let user = try await existingUser(context)
            try checkSelfOr(.admin, user: user, context: context, action: "create keys for other users")
            let input = try Inputs.apiKey(try await request.jsonObject(limit: api.bodyLimit))
            // A user may make keys for itself, but never one stronger than the key it calls with, nor one reaching further.
            let caller = try context.caller()
            try caller.require(input.role, to: "create \(input.role.rawValue) keys")
            let companies = try await keyCompanies(input.companies, caller: caller)
            let (key, record) = APIKeySecret.make(userName: user.userName, role: input.role, companies: companies, now: api.now())
            let stored = try await api.store.createAPIKey(record)
            var body = stored.jsonFields
            body["key"] = .string(key)
            return JSONResponse.make(
                JSONValue.object(body), status: .created,
                location: "/api/v1/users/\(user.userName.pathSegment)/apiKeys/\(stored.id.lowercasedString)"
            )
        }
        group.delete("users/:user/apiKeys/:id") { _, context in
            let user = try await existingUser(context)
            try checkSelfOr(.admin, user: user, context: context, action: "delete other users' keys")
            try await api.store.deleteAPIKey(id: try context.parameters.uuid("id"), userName: user.userName)
            return JSONResponse.noContent()
        }
    }

    private func existingUser(_ context: AppRequestContext) async throws -> User {
        _ = try context.caller()
        let userName = try api.code(context, "user")
        guard let user = try await api.store.user(named: userName) else {
            throw FlowGateError.notFound("User '\(userName)' does not exist.")
        }
        return user
    }

    /// The companies a new key reaches: those named (each one the caller reaches), else the caller's own.
    private func keyCompanies(_ names: [String]?, caller: Principal) async throws -> [UUID]? {
        guard let names else { return caller.companies.map { $0.sorted { $0.lowercasedString < $1.lowercasedString } } }
        var ids: [UUID] = []
        var problems = ValidationErrors()
        for (index, name) in names.enumerated() {
            if let company = try await api.store.company(idOrName: name), caller.reaches(company.id) {
                if !ids.contains(company.id) { ids.append(company.id) }
            } else {
                problems.add("companies[\(index)]", "Company '\(name)' does not exist.")
            }
        }
        try problems.throwIfAny()
        return ids
    }

    private func checkSelfOr(_ role: Role, user: User, context: AppRequestContext, action: String) throws {
        let caller = try context.caller()
        if caller.user.userName != user.userName { try caller.require(role, to: action) }
    }
}
