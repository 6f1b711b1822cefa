import FlowGateApp
import FlowGateCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Turns every error a route throws into `application/problem+json`; nothing reaches the client as a bare 500.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, request: request, context: context)
            var headers: HTTPFields = [:]
            if problem.kind == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
            // The database is unreachable: the pool checks for its return every second.
            if problem.type == "store-unavailable" { headers[.retryAfter] = "2" }
            return ProblemDocument(problem, instance: request.uri.path, requestId: context.requestId).response(headers: headers)
        }
    }

    static func problem(for error: any Error, request: Request, context: Context) -> FlowGateError {
        switch error {
        case let error as FlowGateError:
            return error
        case is NIOTooManyBytesError:
            return FlowGateError(.contentTooLarge, type: "body-too-large", detail: "The request body is larger than the server accepts.")
        case let error as HTTPParserError:
            // The body's framing broke while a route read it: a bad chunk size, an unsupported Transfer-Encoding.
            return FlowGateError(
                .badRequest, type: "malformed-request", detail: "The request is not valid HTTP/1.1: \(Self.describe(error))."
            )
        case let error as HTTPError where error.status == .notFound:
            return FlowGateError(
                .notFound, type: "route-not-found", detail: "No route matches \(request.method.rawValue) \(request.uri.path)."
            )
        case let error as any HTTPResponseError:
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            return FlowGateError(error.status.flowGateKind, type: "http-\(error.status.code)", detail: message)
        default:
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return FlowGateError(
                .unavailable, type: "internal-error",
                detail: "The server could not complete the request; it has been logged with request id \(context.requestId)."
            )
        }
    }
}

extension ProblemMiddleware {
    /// NIO names most parse errors well; its catch-all `unknown` means an encoding the parser does not take.
    static func describe(_ error: HTTPParserError) -> String {
        switch error {
        case .unknown: "its framing could not be read (an unsupported Transfer-Encoding such as gzip, or a malformed body)"
        default: "\(error)"
        }
    }
}

extension HTTPResponse.Status {
    var flowGateKind: FlowGateError.Kind {
        switch code {
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 409: .conflict
        case 412: .preconditionFailed
        case 428: .preconditionRequired
        case 413: .contentTooLarge
        case 500...: .unavailable
        default: .badRequest
        }
    }
}
