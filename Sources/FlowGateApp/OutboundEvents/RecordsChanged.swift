import FlowGateCore
import Foundation

/// `record.changed`: a record-change subscription's window closed. The body is Business Central's API webhook
/// notification, `{"value": [...]}`, one item per coalesced change, or one `collection` item when more records
/// changed than a notification lists.
public struct RecordsChanged: OutboundEvent {
    public static let type = "record.changed"

    public var messageId: UUID
    public var subscription: RecordSubscription
    public var changes: [PendingRecordChange]
    /// Above this many changed records the notification names the collection instead.
    public var collectionThreshold: Int

    public init(messageId: UUID = UUID(), subscription: RecordSubscription, changes: [PendingRecordChange], collectionThreshold: Int) {
        self.messageId = messageId
        self.subscription = subscription
        self.changes = changes
        self.collectionThreshold = collectionThreshold
    }

    public var companyId: UUID? { subscription.companyId }
    public var sourceId: UUID? { subscription.id }
    public var endpointId: UUID? { subscription.id }

    public func data(links: OutboundLinks) -> JSONValue { .object(["value": .array(items)]) }

    public func customBody(links: OutboundLinks) -> JSONValue? { data(links: links) }

    var items: [JSONValue] {
        guard changes.count <= collectionThreshold else {
            let windowStart = changes.map(\.firstChangedAt).min() ?? Date()
            let filter = "?$filter=lastModifiedDateTime gt \(windowStart.formatted(.iso8601))"
            let latest = changes.map(\.lastModifiedAt).max() ?? windowStart
            return [item(resource: subscription.resource + filter, change: .collection, at: latest)]
        }
        return changes.flatMap { change in
            change.changeTypes.map { type in
                item(resource: "\(subscription.resource)/\(change.recordId.lowercasedString)", change: type, at: change.lastModifiedAt)
            }
        }
    }

    private func item(resource: String, change: RecordChangeType, at time: Date) -> JSONValue {
        .object([
            "subscriptionId": JSONValue(subscription.id), "clientState": JSONValue(subscription.clientState),
            "expirationDateTime": JSONValue(subscription.expirationDateTime), "resource": .string(resource),
            "changeType": .string(change.rawValue), "lastModifiedDateTime": JSONValue(time),
        ])
    }
}
