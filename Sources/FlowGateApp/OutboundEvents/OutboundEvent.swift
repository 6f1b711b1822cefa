import FlowGateCore
import Foundation

/// Something FlowGate tells automation platforms about: a typed payload with its Standard Webhooks `type`.
///
/// A new kind of event is a new conforming type, registered in `OutboundEventKinds.all`; the message factory and
/// the dispatcher stay as they are.
public protocol OutboundEvent: Sendable {
    /// The event type, such as `approval.requested`: the body's `type` and the message's `eventType`.
    static var type: String { get }
    /// The message's id, also its `webhook-id`, so receivers recognise a resend.
    var messageId: UUID { get }
    var companyId: UUID? { get }
    /// What the message is about (a Flow entry's id), so it can be found and resubmitted.
    var sourceId: UUID? { get }
    /// The body's `data`: what a receiver acts on.
    func data(links: OutboundLinks) -> JSONValue
    /// Fields beside `type`, `timestamp` and `data` at the top of the body, for receivers written against another
    /// product's payload (Business Central's); none by default.
    func compatibilityFields(links: OutboundLinks) -> [String: JSONValue]
    /// The flow whose endpoint receives the message; nil when the store finds the endpoint (approval requests).
    var endpointId: UUID? { get }
    /// The whole body, for receivers that expect another product's envelope (Business Central's API webhook
    /// notifications); nil for FlowGate's `{type, timestamp, data}`.
    func customBody(links: OutboundLinks) -> JSONValue?
}

extension OutboundEvent {
    public func compatibilityFields(links: OutboundLinks) -> [String: JSONValue] { [:] }
    public var endpointId: UUID? { nil }
    public func customBody(links: OutboundLinks) -> JSONValue? { nil }
}

/// Where a receiver reaches the gateway back, for the URLs an event carries.
public struct OutboundLinks: Sendable {
    /// The gateway's address as automation platforms reach it, without a trailing slash.
    public var baseURL: String

    public init(baseURL: String) {
        self.baseURL = baseURL
    }
}

/// Every kind of outbound event the gateway sends, for documentation and validation of event types.
public enum OutboundEventKinds {
    public static let all: [any OutboundEvent.Type] = [ApprovalRequested.self, RecordsChanged.self, InstantFlowRun.self, ScheduledFlowFired.self]
}
