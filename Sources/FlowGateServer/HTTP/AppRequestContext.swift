import FlowGateApp
import FlowGateCore
import Foundation
import Hummingbird
import Logging

/// Per-request state: the request id and, under `/api/v1`, who is calling.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Echoed in `X-Request-Id` and in every log line of the request.
    public var requestId: String = ""
    /// Set by `AuthMiddleware`; nil on unauthenticated routes.
    public var authenticatedCaller: Caller?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// The authenticated caller; routes behind `AuthMiddleware` always have one.
    func caller() throws -> Caller {
        guard let authenticatedCaller else { throw FlowGateError(.unauthorized, type: "unauthorized", detail: "A valid API key is required.") }
        return authenticatedCaller
    }
}
