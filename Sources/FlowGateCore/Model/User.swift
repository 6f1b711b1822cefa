import Foundation

/// A person or system that holds API keys and can send or approve requests.
public struct User: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case enabled, disabled
    }

    /// Upper-case user id, as Business Central's `User ID`.
    public var userName: String
    public var fullName: String
    public var email: String?
    public var state: State
    public var version: Int
    public var createdAt: Date

    public init(userName: String, fullName: String = "", email: String? = nil, state: State = .enabled, version: Int = 1, createdAt: Date) {
        self.userName = userName
        self.fullName = fullName
        self.email = email
        self.state = state
        self.version = version
        self.createdAt = createdAt
    }
}

/// What an API key may do.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Acts on its own approvals and sends its own requests.
    case user
    /// Creates and changes records and raises events, as a business application does.
    case integration
    /// Everything, including setup and workflows.
    case admin

    private var rank: Int {
        switch self {
        case .user: 0
        case .integration: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// A stored API key: only a hash of the secret is kept.
public struct APIKey: Sendable, Equatable, Codable {
    public var id: UUID
    public var userName: String
    public var role: Role
    /// Hex SHA-256 of the whole key string.
    public var keyHash: String
    /// The first characters of the key, so an operator can tell keys apart.
    public var prefix: String
    public var createdAt: Date
    /// The companies the key may reach; nil reaches every company. Business Central grants permissions per company.
    public var companies: [UUID]?

    public init(
        id: UUID = UUID(), userName: String, role: Role, keyHash: String, prefix: String, createdAt: Date, companies: [UUID]? = nil
    ) {
        self.id = id
        self.userName = userName
        self.role = role
        self.keyHash = keyHash
        self.prefix = prefix
        self.createdAt = createdAt
        self.companies = companies
    }
}
