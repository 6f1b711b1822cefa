import Foundation

/// An automation platform's subscription to one approval event (table 469 "Workflow Webhook Subscription").
///
/// Creating it registers an enabled workflow (`workflowCode`) in the company's workflow list whose
/// SENDNOTIFICATIONTOWEBHOOK step posts to `notificationUrl`.
public struct WorkflowWebhookSubscription: Sendable, Codable, Equatable {
    public var id: UUID
    public var companyId: UUID
    public var workflowCode: String
    public var notificationUrl: String
    public var eventCode: String
    /// The conditions as the platform sent them: base64 of Business Central's JSON.
    public var conditions: String?
    public var clientType: String
    public var clientId: String
    public var enabled: Bool
    /// The user whose key created it: the only one who may approve or reject through the callbacks.
    public var userId: String
    public var createdAt: Date
    /// Signing secrets, newest first: after a rotation the previous one keeps signing until it expires.
    public var secrets: [SigningSecret]

    public init(
        id: UUID, companyId: UUID, workflowCode: String, notificationUrl: String, eventCode: String, conditions: String?,
        clientType: String, clientId: String, enabled: Bool, userId: String, createdAt: Date, secrets: [SigningSecret]
    ) {
        self.id = id
        self.companyId = companyId
        self.workflowCode = workflowCode
        self.notificationUrl = notificationUrl
        self.eventCode = eventCode
        self.conditions = conditions
        self.clientType = clientType
        self.clientId = clientId
        self.enabled = enabled
        self.userId = userId
        self.createdAt = createdAt
        self.secrets = secrets
    }

    /// The secrets that still sign at `now`.
    public func validSecrets(at now: Date) -> [SigningSecret] {
        secrets.filter { $0.expiresAt.map { $0 > now } ?? true }
    }
}

/// A Standard Webhooks secret (`whsec_` + base64) and, once rotated out, when it stops signing.
public struct SigningSecret: Sendable, Codable, Equatable {
    public var secret: String
    public var expiresAt: Date?

    public init(secret: String, expiresAt: Date? = nil) {
        self.secret = secret
        self.expiresAt = expiresAt
    }
}
