import FlowGateCore
import Foundation
import PostgresNIO

extension PostgresStore: DirectoryStore {
    public func createCompany(_ company: Company) async throws -> Company {
        let body = try Self.encode(company)
        try await Self.mapConstraint("A company named '\(company.name)' already exists.") {
            try await run(
                "INSERT INTO companies (id, name_key, body) VALUES (\(company.id.storeKey), \(SQLiteStore.nameKey(company.name)), \(body))"
            )
        }
        return company
    }

    public func companies(_ page: PageRequest, ids: Set<UUID>?) async throws -> Page<Company> {
        let keys = ids.map { $0.map(\.storeKey) }
        return try await self.page(
            Company.self,
            """
            SELECT seq, body FROM companies WHERE (\(keys)::text[] IS NULL OR id = ANY(\(keys)::text[]))
            AND seq > \(page.afterSeq) ORDER BY seq LIMIT \(page.fetchLimit)
            """,
            page
        )
    }

    public func updateCompany(id: UUID, _ change: @escaping @Sendable (inout Company) throws -> Void) async throws -> Company? {
        try await transaction { connection in
            guard var company = try await self.bodies(Company.self, "SELECT body FROM companies WHERE id = \(id.storeKey) FOR UPDATE", on: connection).first
            else { return nil }
            try change(&company)
            company.id = id
            try await self.run("UPDATE companies SET body = \(try Self.encode(company)) WHERE id = \(id.storeKey)", on: connection)
            return company
        }
    }

    public func company(idOrName: String) async throws -> Company? {
        let id = UUID(uuidString: idOrName)?.storeKey ?? ""
        return try await bodies(
            Company.self, "SELECT body FROM companies WHERE id = \(id) OR name_key = \(SQLiteStore.nameKey(idOrName)) LIMIT 1"
        ).first
    }

    // MARK: Users

    public func userCount() async throws -> Int {
        try await column(Int.self, "SELECT COUNT(*)::bigint FROM users").first ?? 0
    }

    public func createUser(_ user: User) async throws -> User {
        let body = try Self.encode(user)
        try await Self.mapConstraint("User '\(user.userName)' already exists.") {
            try await run("INSERT INTO users (user_name, version, body) VALUES (\(user.userName), \(user.version), \(body))")
        }
        return user
    }

    public func users(_ page: PageRequest) async throws -> Page<User> {
        try await self.page(User.self, "SELECT seq, body FROM users WHERE seq > \(page.afterSeq) ORDER BY seq LIMIT \(page.fetchLimit)", page)
    }

    public func user(named userName: String) async throws -> User? {
        try await bodies(User.self, "SELECT body FROM users WHERE user_name = \(userName)").first
    }

    public func updateUser(_ user: User, precondition: VersionPrecondition) async throws -> User {
        try await transaction { connection in
            let current = try await self.bodies(User.self, "SELECT body FROM users WHERE user_name = \(user.userName) FOR UPDATE", on: connection).first
            try precondition.check(current: current?.version)
            guard let current else { throw FlowGateError.notFound("User '\(user.userName)' does not exist.") }
            var updated = user
            updated.createdAt = current.createdAt
            updated.version = current.version + 1
            let body = try Self.encode(updated)
            try await self.run("UPDATE users SET version = \(updated.version), body = \(body) WHERE user_name = \(user.userName)", on: connection)
            return updated
        }
    }

    // MARK: API keys

    public func createAPIKey(_ key: APIKey) async throws -> APIKey {
        let body = try Self.encode(key)
        try await transaction { connection in
            guard try await !self.column(Int.self, "SELECT 1::bigint FROM users WHERE user_name = \(key.userName)", on: connection).isEmpty else {
                throw FlowGateError.notFound("User '\(key.userName)' does not exist.")
            }
            try await self.run(
                "INSERT INTO api_keys (id, user_name, key_hash, body) VALUES (\(key.id.storeKey), \(key.userName), \(key.keyHash), \(body))",
                on: connection
            )
        }
        return key
    }

    public func apiKeys(userName: String) async throws -> [APIKey] {
        try await bodies(APIKey.self, "SELECT body FROM api_keys WHERE user_name = \(userName) ORDER BY seq")
    }

    public func deleteAPIKey(id: UUID, userName: String) async throws {
        let deleted = try await column(String.self, "DELETE FROM api_keys WHERE id = \(id.storeKey) AND user_name = \(userName) RETURNING id")
        if deleted.isEmpty { throw FlowGateError.notFound("User '\(userName)' has no API key \(id.storeKey).") }
    }

    public func apiKey(hash: String) async throws -> (APIKey, User)? {
        let rows = try await run(
            "SELECT k.body, u.body FROM api_keys k JOIN users u ON u.user_name = k.user_name WHERE k.key_hash = \(hash)"
        )
        for (key, user) in try rows.decode((String, String).self) {
            return (try Self.decode(APIKey.self, key), try Self.decode(User.self, user))
        }
        return nil
    }
}
