import Foundation
import FlowGateApp
import FlowGateCore
import Hummingbird
import Logging

/// Authenticates `Authorization: Bearer <key>`; every failure is the same 401 so nothing leaks.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let directory: Directory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let unauthorized = FlowGateError(.unauthorized, type: "unauthorized", detail: "A valid API key is required.")
        guard let header = request.headers[.authorization], header.count < 512 else { throw unauthorized }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw unauthorized }
        let key = parts[1].trimmingCharacters(in: .whitespaces)
        guard let caller = try await directory.authenticate(bearerKey: key) else { throw unauthorized }
        var context = context
        context.authenticatedCaller = caller
        context.logger[metadataKey: "user"] = .string(caller.userName)
        return try await next(request, context)
    }
}
