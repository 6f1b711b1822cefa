import Foundation
import FlowGateApp
import FlowGateCore
import Hummingbird
import Logging

/// Authenticates `Authorization: Bearer <key>`, or the bare key (`Authorization: fgk_…`), which is what
/// Power Automate's API-key connections send as typed; every failure is the same 401 so nothing leaks.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let directory: Directory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let unauthorized = FlowGateError(.unauthorized, type: "unauthorized", detail: "A valid API key is required.")
        guard let header = request.headers[.authorization], header.count < 512 else { throw unauthorized }
        let parts = header.split(separator: " ", maxSplits: 1)
        let key: String
        if parts.count == 2, parts[0].lowercased() == "bearer" {
            key = parts[1].trimmingCharacters(in: .whitespaces)
        } else if parts.count == 1, header.hasPrefix(APIKeySecret.prefix) {
            key = header
        } else {
            throw unauthorized
        }
        guard let caller = try await directory.authenticate(bearerKey: key) else { throw unauthorized }
        var context = context
        context.authenticatedCaller = caller
        context.logger[metadataKey: "user"] = .string(caller.userName)
        return try await next(request, context)
    }
}
