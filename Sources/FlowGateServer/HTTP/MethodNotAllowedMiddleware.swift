import HTTPTypes
import Hummingbird

/// A path the router serves, asked with a method it does not serve, is 405 with `Allow` (RFC 9110 §15.5.6), not a
/// 404 saying the resource does not exist. Added after every route, it wraps only the router's not-found answer.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    private let routes: [(path: RouterPath, method: HTTPRequest.Method)]

    init(routes: [Router<AppRequestContext>.RouteDescription]) {
        self.routes = routes.map { ($0.path, $0.method) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = allowedMethods(for: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method) else { throw error }
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            let problem = ProblemDocument(
                status: .methodNotAllowed, type: "method-not-allowed",
                detail: "\(request.method.rawValue) is not allowed on \(request.uri.path); it allows \(allow).",
                instance: request.uri.path, requestId: context.requestId
            )
            return problem.response(headers: [.allow: allow])
        }
    }

    /// The methods of the route the router picks for `path`. Like its trie, a literal segment beats a capture at each
    /// level, without backtracking.
    func allowedMethods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        var candidates = routes.filter { $0.path.components.count == segments.count }
        for (index, segment) in segments.enumerated() where !candidates.isEmpty {
            let literal = candidates.filter { $0.path.components[index] == segment }
            candidates = literal.isEmpty ? candidates.filter { $0.path.components[index] ~= segment } : literal
        }
        return candidates.map(\.method).sorted { $0.rawValue < $1.rawValue }
    }
}
