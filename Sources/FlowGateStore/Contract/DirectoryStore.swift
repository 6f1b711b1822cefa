import FlowGateCore
import FlowGateDelivery
import Foundation

/// Companies, users and their API keys.
public protocol DirectoryStore: Sendable {
    func createCompany(_ company: Company) async throws -> Company
    /// Companies in creation order; only those in `ids` when given (a key limited to some companies).
    func companies(_ page: PageRequest, ids: Set<UUID>?) async throws -> Page<Company>
    /// A company by id or by its unique name (case-insensitive).
    func company(idOrName: String) async throws -> Company?
    /// Changes a company's settings in one transaction; nil when there is no such company.
    func updateCompany(id: UUID, _ change: @escaping @Sendable (inout Company) throws -> Void) async throws -> Company?

    func userCount() async throws -> Int
    func createUser(_ user: User) async throws -> User
    func users(_ page: PageRequest) async throws -> Page<User>
    func user(named userName: String) async throws -> User?
    func updateUser(_ user: User, precondition: VersionPrecondition) async throws -> User

    func createAPIKey(_ key: APIKey) async throws -> APIKey
    func apiKeys(userName: String) async throws -> [APIKey]
    func deleteAPIKey(id: UUID, userName: String) async throws
    /// The key with this hash and its user, for authentication.
    func apiKey(hash: String) async throws -> (APIKey, User)?
}

extension DirectoryStore {
    public func companies(_ page: PageRequest) async throws -> Page<Company> {
        try await companies(page, ids: nil)
    }
}
