import Foundation

/// A company: the tenant every setup row and business record belongs to.
public struct Company: Sendable, Equatable, Codable {
    public var id: UUID
    /// Unique name, usable in place of the id in URLs.
    public var name: String
    public var displayName: String
    /// The local currency (LCY) that approval limits are expressed in.
    public var localCurrencyCode: String
    public var createdAt: Date
    /// Whether people may run instant flows on the company's records (the Automate action); on by default.
    public var automationEnabled: Bool = true

    public init(id: UUID = UUID(), name: String, displayName: String? = nil, localCurrencyCode: String = "USD", createdAt: Date) {
        self.id = id
        self.name = name
        self.displayName = displayName ?? name
        self.localCurrencyCode = localCurrencyCode
        self.createdAt = createdAt
    }
}

extension Company {
    /// Companies stored before `automationEnabled` existed have it on.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        displayName = try container.decode(String.self, forKey: .displayName)
        localCurrencyCode = try container.decode(String.self, forKey: .localCurrencyCode)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        automationEnabled = try container.decodeIfPresent(Bool.self, forKey: .automationEnabled) ?? true
    }
}
