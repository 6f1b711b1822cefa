import FlowGateCore
import FlowGateDelivery

extension WorkflowWebhookEntry {
    /// Table 468's view of the delivery of the entry's latest message, as every backend shows it: Pending while it
    /// may still go out, Sent once delivered, Failed with the reason once it is a dead letter; nothing when no
    /// message was sent about the entry.
    public mutating func attachDeliveryState(status: DeliveryStatus?, lastError: String?) {
        switch status {
        case .pending: (notificationStatus, notificationError) = (.pending, nil)
        case .delivered: (notificationStatus, notificationError) = (.sent, nil)
        case .failed: (notificationStatus, notificationError) = (.failed, lastError)
        case nil: (notificationStatus, notificationError) = (nil, nil)
        }
    }
}
