import FlowGateCore
import Foundation

/// Who calls a use case: the API key's user, the key's role and the companies the key reaches.
public struct Caller: Sendable {
    public var user: User
    public var role: Role
    public var keyId: UUID
    /// The companies this key may reach; nil for every company.
    public var companies: Set<UUID>?

    public init(user: User, role: Role, keyId: UUID, companies: Set<UUID>? = nil) {
        self.user = user
        self.role = role
        self.keyId = keyId
        self.companies = companies
    }

    public var userName: String { user.userName }

    /// Whether the key reaches this company. Anything else is answered as if it did not exist.
    public func reaches(_ companyId: UUID?) -> Bool {
        guard let companies else { return true }
        return companyId.map(companies.contains) ?? false
    }

    /// Throws 403 for a key limited to some companies: the action would reach beyond them.
    public func requireEveryCompany(to action: String) throws {
        if companies != nil {
            throw FlowGateError.forbidden("A key limited to some companies may not \(action); use a key for every company.")
        }
    }

    /// Throws 403 unless the key's role is at least `role` (admin can do everything).
    public func require(_ role: Role, to action: String) throws {
        if self.role < role {
            let allowed = Role.allCases.filter { $0 >= role }.map { "'\($0.rawValue)'" }.joined(separator: " or ")
            throw FlowGateError.forbidden("Only \(allowed) keys may \(action); this key's role is '\(self.role.rawValue)'.")
        }
    }

    /// Throws 403 unless the caller is `user` itself or has at least `role`.
    public func requireSelf(_ user: User, or role: Role, to action: String) throws {
        if userName != user.userName { try require(role, to: action) }
    }
}
