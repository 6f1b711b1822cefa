import FlowGateCore
import FlowGateStore
import Foundation

/// Companies, users and API keys, and who a key belongs to.
public struct Directory: Sendable {
    let gateway: Gateway

    /// The caller a bearer key stands for; nil for anything but an enabled user's stored key.
    public func authenticate(bearerKey key: String) async throws -> Caller? {
        guard key.hasPrefix(APIKeySecret.prefix), let (apiKey, user) = try await gateway.store.apiKey(hash: APIKeySecret.hash(key)),
            user.state == .enabled
        else { return nil }
        return Caller(user: user, role: apiKey.role, keyId: apiKey.id, companies: apiKey.companies.map(Set.init))
    }

    // MARK: Companies

    public func companies(_ caller: Caller, _ page: PageRequest) async throws -> Page<Company> {
        try await gateway.store.companies(page, ids: caller.companies)
    }

    /// A company by id or unique name. One the caller's key does not reach is answered exactly like one that does
    /// not exist, so a key learns nothing beyond its companies.
    public func company(_ key: String, for caller: Caller) async throws -> Company {
        guard let company = try await gateway.store.company(idOrName: key), caller.reaches(company.id) else {
            throw FlowGateError.notFound("Company '\(key)' does not exist.")
        }
        return company
    }

    public func createCompany(_ company: Company) async throws -> Company {
        var company = company
        company.createdAt = gateway.now()
        return try await gateway.store.createCompany(company)
    }

    // MARK: Users

    /// Changes a company's settings (`automationEnabled`); admin keys only.
    public func updateCompany(_ caller: Caller, _ company: Company, automationEnabled: Bool?) async throws -> Company {
        try caller.require(.admin, to: "change company settings")
        guard let updated = try await gateway.store.updateCompany(id: company.id, { stored in
            if let automationEnabled { stored.automationEnabled = automationEnabled }
        }) else {
            throw FlowGateError.notFound("Company '\(company.id.lowercasedString)' does not exist.")
        }
        return updated
    }

    public func users(_ page: PageRequest) async throws -> Page<User> {
        try await gateway.store.users(page)
    }

    public func user(named userName: String) async throws -> User {
        guard let user = try await gateway.store.user(named: userName) else {
            throw FlowGateError.notFound("User '\(userName)' does not exist.")
        }
        return user
    }

    public func createUser(_ user: User) async throws -> User {
        var user = user
        user.createdAt = gateway.now()
        return try await gateway.store.createUser(user)
    }

    public func updateUser(_ user: User, precondition: VersionPrecondition) async throws -> User {
        try await gateway.store.updateUser(user, precondition: precondition)
    }

    // MARK: API keys

    public func apiKeys(of user: User) async throws -> [APIKey] {
        try await gateway.store.apiKeys(userName: user.userName)
    }

    /// A new key for `user`, returned with its secret (shown once). A caller may make keys for itself, but never
    /// one stronger than the key it calls with, nor one reaching companies beyond its own: without `companies`
    /// the new key reaches what the caller's does.
    public func createAPIKey(_ caller: Caller, for user: User, role: Role, companies names: [String]?) async throws -> (key: String, stored: APIKey) {
        try caller.require(role, to: "create \(role.rawValue) keys")
        let companies = try await keyCompanies(names, caller: caller)
        let (key, record) = APIKeySecret.make(userName: user.userName, role: role, companies: companies, now: gateway.now())
        return (key, try await gateway.store.createAPIKey(record))
    }

    public func deleteAPIKey(id: UUID, of user: User) async throws {
        try await gateway.store.deleteAPIKey(id: id, userName: user.userName)
    }

    /// The companies a new key reaches: those named (each one the caller reaches), else the caller's own.
    private func keyCompanies(_ names: [String]?, caller: Caller) async throws -> [UUID]? {
        guard let names else { return caller.companies.map { $0.sorted { $0.lowercasedString < $1.lowercasedString } } }
        var ids: [UUID] = []
        var problems = ValidationErrors()
        for (index, name) in names.enumerated() {
            if let company = try await gateway.store.company(idOrName: name), caller.reaches(company.id) {
                if !ids.contains(company.id) { ids.append(company.id) }
            } else {
                problems.add("companies[\(index)]", "Company '\(name)' does not exist.")
            }
        }
        try problems.throwIfAny()
        return ids
    }
}
