import FlowGateCore
import Foundation
import GRDB

extension SQLiteStore {
    public func createCompany(_ company: Company) async throws -> Company {
        let body = try Self.encode(company)
        try await writer.write { db in
            try Self.mapConstraint("A company named '\(company.name)' already exists.") {
                try db.execute(
                    sql: "INSERT INTO companies (id, name_key, body) VALUES (?, ?, ?)",
                    arguments: [company.id.lowercasedString, Self.nameKey(company.name), body]
                )
            }
        }
        return company
    }

    public func companies(_ page: PageRequest, ids: Set<UUID>?) async throws -> Page<Company> {
        var sql = "SELECT seq, body FROM companies WHERE 1 = 1"
        var arguments: StatementArguments = []
        if let ids { Self.restrict(&sql, &arguments, column: "id", to: ids) }
        return try await writer.read { [sql, arguments] db in
            try Self.page(db, Company.self, sql: sql, arguments: arguments, page)
        }
    }

    public func company(idOrName: String) async throws -> Company? {
        let id = UUID(uuidString: idOrName)?.lowercasedString ?? ""
        return try await caches.companies.value(for: idOrName) {
            try await writer.read { db in
                let body = try String.fetchOne(
                    db, sql: "SELECT body FROM companies WHERE id = ? OR name_key = ? LIMIT 1", arguments: [id, Self.nameKey(idOrName)]
                )
                return try body.map { try Self.decode(Company.self, $0) }
            }
        }
    }

    public func updateCompany(id: UUID, _ change: @escaping @Sendable (inout Company) throws -> Void) async throws -> Company? {
        try await writer.write { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM companies WHERE id = ?", arguments: [id.lowercasedString]) else {
                return nil
            }
            var company = try Self.decode(Company.self, body)
            try change(&company)
            company.id = id
            try db.execute(sql: "UPDATE companies SET body = ? WHERE id = ?", arguments: [try Self.encode(company), id.lowercasedString])
            return company
        }
    }

    /// Company names are unique regardless of letter case, in any script.
    static func nameKey(_ name: String) -> String {
        name.folding(options: [.caseInsensitive], locale: nil)
    }

    // MARK: Users

    public func userCount() async throws -> Int {
        try await writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM users") ?? 0 }
    }

    public func createUser(_ user: User) async throws -> User {
        let body = try Self.encode(user)
        try await writer.write { db in
            try Self.mapConstraint("User '\(user.userName)' already exists.") {
                try db.execute(
                    sql: "INSERT INTO users (user_name, version, body) VALUES (?, ?, ?)",
                    arguments: [user.userName, user.version, body]
                )
            }
        }
        return user
    }

    public func users(_ page: PageRequest) async throws -> Page<User> {
        try await writer.read { db in
            try Self.page(db, User.self, sql: "SELECT seq, body FROM users WHERE 1 = 1", arguments: [], page)
        }
    }

    public func user(named userName: String) async throws -> User? {
        try await caches.users.value(for: userName) {
            try await writer.read { db in try Self.fetchUser(db, userName) }
        }
    }

    static func fetchUser(_ db: Database, _ userName: String) throws -> User? {
        try String.fetchOne(db, sql: "SELECT body FROM users WHERE user_name = ?", arguments: [userName])
            .map { try decode(User.self, $0) }
    }

    public func updateUser(_ user: User, precondition: VersionPrecondition) async throws -> User {
        try await writer.write { db in
            let current = try Self.fetchUser(db, user.userName)
            try precondition.check(current: current?.version)
            guard let current else { throw FlowGateError.notFound("User '\(user.userName)' does not exist.") }
            var updated = user
            updated.createdAt = current.createdAt
            updated.version = current.version + 1
            try db.execute(
                sql: "UPDATE users SET version = ?, body = ? WHERE user_name = ?",
                arguments: [updated.version, try Self.encode(updated), user.userName]
            )
            return updated
        }
    }

    // MARK: API keys

    public func createAPIKey(_ key: APIKey) async throws -> APIKey {
        let body = try Self.encode(key)
        try await writer.write { db in
            guard try Self.fetchUser(db, key.userName) != nil else {
                throw FlowGateError.notFound("User '\(key.userName)' does not exist.")
            }
            try db.execute(
                sql: "INSERT INTO api_keys (id, user_name, key_hash, body) VALUES (?, ?, ?, ?)",
                arguments: [key.id.lowercasedString, key.userName, key.keyHash, body]
            )
        }
        return key
    }

    public func apiKeys(userName: String) async throws -> [APIKey] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM api_keys WHERE user_name = ? ORDER BY seq", arguments: [userName])
                .map { try Self.decode(APIKey.self, $0) }
        }
    }

    public func deleteAPIKey(id: UUID, userName: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM api_keys WHERE id = ? AND user_name = ?", arguments: [id.lowercasedString, userName]
            )
            if db.changesCount == 0 {
                throw FlowGateError.notFound("User '\(userName)' has no API key \(id.lowercasedString).")
            }
        }
    }

    public func apiKey(hash: String) async throws -> (APIKey, User)? {
        let found = try await caches.apiKeys.value(for: hash) {
            try await writer.read { db -> AuthenticatedKey? in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: "SELECT k.body AS key, u.body AS user FROM api_keys k JOIN users u ON u.user_name = k.user_name WHERE k.key_hash = ?",
                        arguments: [hash]
                    )
                else { return nil }
                return AuthenticatedKey(key: try Self.decode(APIKey.self, row["key"]), user: try Self.decode(User.self, row["user"]))
            }
        }
        return found.map { ($0.key, $0.user) }
    }
}
