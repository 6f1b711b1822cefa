import Foundation

/// The three kinds of cloud flow FlowGate serves besides approvals, each a subscriber with its own endpoint.
public enum FlowKind: String, Sendable, Codable, CaseIterable {
    /// Automated: a record of an entity set was created, modified or deleted (Business Central API webhooks).
    case recordSubscription
    /// Instant: a person runs the flow from the Automate action on a record.
    case instantFlow
    /// Scheduled: the flow runs at a recurrence.
    case scheduledFlow
}

/// A flow definition stored by FlowGate: where its messages go, the secret that signs them, and what the store
/// indexes it by. Every kind is kept in one table; these members are its columns, the rest is the JSON body.
public protocol OutboundFlow: Sendable, Codable {
    static var kind: FlowKind { get }
    var id: UUID { get }
    var companyId: UUID { get }
    var notificationUrl: String { get }
    /// The Standard Webhooks secret (`whsec_…`); sealed while stored, shown to the client only when made.
    var secret: String { get set }
    /// Grows by one on every change; the ETag.
    var version: Int { get set }
    var createdAt: Date { get }
    /// Whether messages are still made for it and sent to it (enabled, not deleted).
    var isLive: Bool { get }
    /// The entity set it watches, when that selects it (record subscriptions).
    var watchedEntitySet: EntitySet? { get }
    /// After this instant it receives nothing (an expired record subscription).
    var expiresAt: Date? { get }
    /// When it next has work to do (a scheduled flow's next slot).
    var dueAt: Date? { get }
}

extension OutboundFlow {
    public var watchedEntitySet: EntitySet? { nil }
    public var expiresAt: Date? { nil }
    public var dueAt: Date? { nil }
}

/// A flow an admin turns on and off (instant and scheduled flows).
public protocol SwitchableFlow: OutboundFlow {
    var enabled: Bool { get set }
}

extension InstantFlow: SwitchableFlow {}
extension ScheduledFlow: SwitchableFlow {}
