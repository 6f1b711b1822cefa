import FlowGateApp
import FlowGateCore
import FlowGateDelivery
import Foundation

extension Inputs {
    static let subscriptionKeys: Set<String> = ["notificationUrl", "eventCode", "conditions", "clientType", "clientId", "id", "enabled"]

    /// A webhook subscription as an automation platform posts it (Business Central's API page 831). Validates the body: an http(s) URL without credentials that the network policy allows when its host is an
    /// address literal, one of the seven approval events, and conditions that decode to valid filters.
    static func subscription(_ object: [String: JSONValue], policy: NetworkPolicy) throws -> SubscriptionRequest {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: subscriptionKeys, context: "a webhook subscription")
        // Business Central's page shows these; a client echoing them back is not an error, but they are ours to set.
        _ = (reader.string("id"), reader.bool("enabled"))
        let url = reader.string("notificationUrl").value
        if url == nil { reader.add("notificationUrl", "is required") }
        let eventCode = reader.string("eventCode").value
        if eventCode == nil { reader.add("eventCode", "is required") }
        let conditions = reader.string("conditions").value
        let clientType = reader.string("clientType").value ?? "Flow"
        let clientId = reader.string("clientId").value ?? UUID().lowercasedString
        if let url {
            do {
                _ = try WebhookURL.parse(url, policy: policy)
            } catch {
                reader.add("notificationUrl", error.description)
            }
        }
        var kind: FlowWorkflowRegistration.Kind?
        if let eventCode {
            kind = FlowWorkflowRegistration.kinds.first { $0.eventCode == eventCode.uppercased() }
            if kind == nil { reader.add("eventCode", "Unsupported workflow event code '\(eventCode)'.") }
        }
        try reader.problems.throwIfAny()
        guard let url, let kind else { throw FlowGateError.validation(field: "eventCode", "is required") }
        let eventConditions = try FlowConditions.decode(conditions, for: kind.entitySet)
        return SubscriptionRequest(
            notificationUrl: url, kind: kind, conditions: conditions, eventConditions: eventConditions, clientType: clientType,
            clientId: clientId
        )
    }
}
