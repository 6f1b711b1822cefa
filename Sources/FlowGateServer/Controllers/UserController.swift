import FlowGateApp
import FlowGateCore
import Foundation
import Hummingbird

/// `/api/v1/users` and their API keys.
struct UserController {
    let api: APIContext

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("users", use: list)
        routes.post("users", use: create)
        routes.get("users/:user", use: get)
        routes.patch("users/:user", use: update)
        routes.get("users/:user/apiKeys", use: listKeys)
        routes.post("users/:user/apiKeys", use: createKey)
        routes.delete("users/:user/apiKeys/:id", use: deleteKey)
        return routes
    }

    private var directory: Directory { api.gateway.directory }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.integration, to: "list users")
        return try await directory.users(try request.pageRequest()).response()
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "create users")
        let user = try await directory.createUser(try Inputs.newUser(try await request.jsonObject(limit: api.bodyLimit)))
        return JSONResponse.make(user.json, status: .created, etag: user.version, location: "/api/v1/users/\(user.userName.pathSegment)")
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await existingUser(context)
        try context.caller().requireSelf(user, or: .integration, to: "read other users")
        return JSONResponse.make(user.json, etag: user.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.caller().require(.admin, to: "change users")
        let user = try await existingUser(context)
        let changed = try Inputs.userPatch(try await request.jsonObject(limit: api.bodyLimit), to: user)
        let stored = try await directory.updateUser(changed, precondition: request.versionPrecondition)
        return JSONResponse.make(stored.json, etag: stored.version)
    }

    @Sendable func listKeys(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await existingUser(context)
        try context.caller().requireSelf(user, or: .admin, to: "list other users' keys")
        return JSONResponse.list(try await directory.apiKeys(of: user).map(\.json))
    }

    @Sendable func createKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await existingUser(context)
        let caller = try context.caller()
        try caller.requireSelf(user, or: .admin, to: "create keys for other users")
        let input = try Inputs.apiKey(try await request.jsonObject(limit: api.bodyLimit))
        let (key, stored) = try await directory.createAPIKey(caller, for: user, role: input.role, companies: input.companies)
        var body = stored.jsonFields
        body["key"] = .string(key)
        return JSONResponse.make(
            JSONValue.object(body), status: .created, location: "/api/v1/users/\(user.userName.pathSegment)/apiKeys/\(stored.id.lowercasedString)"
        )
    }

    @Sendable func deleteKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await existingUser(context)
        try context.caller().requireSelf(user, or: .admin, to: "delete other users' keys")
        try await directory.deleteAPIKey(id: try context.parameters.uuid("id"), of: user)
        return JSONResponse.noContent()
    }

    private func existingUser(_ context: AppRequestContext) async throws -> User {
        _ = try context.caller()
        return try await directory.user(named: try api.code(context, "user"))
    }
}
