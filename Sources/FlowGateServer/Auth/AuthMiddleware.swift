import Foundation
import FlowGateCore
import FlowGateStore
import Hummingbird
import Logging

/// Authenticates `Authorization: Bearer <key>`; every failure is the same 401 so nothing leaks.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let unauthorized = FlowGateError(.unauthorized, type: "unauthorized", detail: "A valid API key is required.")
        guard let header = request.headers[.authorization], header.count < 512 else { throw unauthorized }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw unauthorized }
        let key = parts[1].trimmingCharacters(in: .whitespaces)
        guard key.hasPrefix(APIKeySecret.prefix), let (apiKey, user) = try await store.apiKey(hash: APIKeySecret.hash(key)),
            user.state == .enabled
        else { throw unauthorized }
        var context = context
        context.principal = Principal(user: user, role: apiKey.role, keyId: apiKey.id, companies: apiKey.companies.map(Set.init))
        context.logger[metadataKey: "user"] = .string(user.userName)
        return try await next(request, context)
    }
}
