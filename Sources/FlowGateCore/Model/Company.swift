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

    public init(id: UUID = UUID(), name: String, displayName: String? = nil, localCurrencyCode: String = "USD", createdAt: Date) {
        self.id = id
        self.name = name
        self.displayName = displayName ?? name
        self.localCurrencyCode = localCurrencyCode
        self.createdAt = createdAt
    }
}
