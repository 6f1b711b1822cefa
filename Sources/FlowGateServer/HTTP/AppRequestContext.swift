import Foundation
import FlowGateCore
import Hummingbird
import Logging

/// Per-request state: the request id and, under `/api/v1`, who is calling.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Echoed in `X-Request-Id` and in every log line of the request.
    public var requestId: String = ""
    /// Set by `AuthMiddleware`; nil on unauthenticated routes.
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// The authenticated caller; routes behind `AuthMiddleware` always have one.
    func caller() throws -> Principal {
        guard let principal else { throw FlowGateError(.unauthorized, type: "unauthorized", detail: "A valid API key is required.") }
        return principal
    }
}

/// An authenticated caller: the key's user, the key's role and the companies the key reaches.
public struct Principal: Sendable {
    public var user: User
    public var role: Role
    public var keyId: UUID
    /// The companies this key may reach; nil for every company.
    public var companies: Set<UUID>?

    /// Whether the key reaches this company. Anything else is answered as if it did not exist.
    func reaches(_ companyId: UUID?) -> Bool {
        guard let companies else { return true }
        return companyId.map(companies.contains) ?? false
    }

    /// Throws 403 for a key limited to some companies: the action would reach beyond them.
    func requireEveryCompany(to action: String) throws {
        if companies != nil {
            throw FlowGateError.forbidden("A key limited to some companies may not \(action); use a key for every company.")
        }
    }

    /// Throws 403 unless the key's role is at least `role` (admin can do everything).
    func require(_ role: Role, to action: String) throws {
        if self.role < role {
            let allowed = Role.allCases.filter { $0 >= role }.map { "'\($0.rawValue)'" }.joined(separator: " or ")
            throw FlowGateError.forbidden("Only \(allowed) keys may \(action); this key's role is '\(self.role.rawValue)'.")
        }
    }
}
