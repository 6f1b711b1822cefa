import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives each request an id (the caller's `X-Request-Id` when sane), logs it on every line and
/// returns it in the response; logs one access line per request.
struct RequestIdMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let incoming = request.headers[.requestId].flatMap { $0.count <= 128 && $0.allSatisfy(\.isASCII) ? $0 : nil }
        context.requestId = incoming ?? UUID().lowercasedString
        context.logger[metadataKey: "request_id"] = .string(context.requestId)
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.requestId] = context.requestId
        let elapsed = ContinuousClock.now - start
        context.logger.info(
            "\(request.method.rawValue) \(request.uri.path) \(response.status.code)",
            metadata: ["duration_ms": "\(Int((elapsed / .milliseconds(1)).rounded()))"]
        )
        return response
    }
}

extension HTTPField.Name {
    static let requestId = Self("X-Request-Id")!
}
