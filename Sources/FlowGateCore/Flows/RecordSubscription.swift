import Foundation

/// A Business Central API webhook subscription: an automated flow's trigger on the records of one entity set.
///
/// It lives until `expirationDateTime` (three days by default) and is renewed by PATCH; a receiver that answers a
/// notification with a client error deletes it, and a deleted subscription is kept, with the reason, for the
/// `includeDeleted` list.
public struct RecordSubscription: OutboundFlow, Equatable {
    public static let kind = FlowKind.recordSubscription

    public var id: UUID
    public var companyId: UUID
    public var entitySet: EntitySet
    public var notificationUrl: String
    /// Echoed in every notification, so the receiver can check the sender (up to 2,048 characters).
    public var clientState: String?
    public var expirationDateTime: Date
    public var secret: String
    public var version: Int
    /// The user whose key subscribed.
    public var userId: String
    public var createdAt: Date
    public var lastModifiedAt: Date
    public var deletedAt: Date?
    public var deletionReason: String?

    public static let maximumClientStateLength = 2048

    public init(
        id: UUID = UUID(), companyId: UUID, entitySet: EntitySet, notificationUrl: String, clientState: String?, expirationDateTime: Date,
        secret: String, userId: String, createdAt: Date
    ) {
        self.id = id
        self.companyId = companyId
        self.entitySet = entitySet
        self.notificationUrl = notificationUrl
        self.clientState = clientState
        self.expirationDateTime = expirationDateTime
        self.secret = secret
        self.version = 1
        self.userId = userId
        self.createdAt = createdAt
        self.lastModifiedAt = createdAt
    }

    public var isLive: Bool { deletedAt == nil }
    public var watchedEntitySet: EntitySet? { entitySet }
    public var expiresAt: Date? { expirationDateTime }

    /// The collection path the subscription watches, as the client gave it.
    public var resource: String { Self.resource(companyId: companyId, entitySet: entitySet) }

    public static func resource(companyId: UUID, entitySet: EntitySet) -> String {
        "/api/v1/companies/\(companyId.lowercasedString)/\(entitySet.rawValue)"
    }
}
