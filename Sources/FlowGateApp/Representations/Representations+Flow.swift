import FlowGateCore
import FlowGateDelivery
import Foundation

extension WorkflowWebhookSubscription: JSONRepresentable {
    /// The subscription without its secrets, which are shown only when made (create, rotateSecret).
    public var json: JSONValue {
        .object([
            "id": JSONValue(id), "workflowCode": .string(workflowCode), "notificationUrl": .string(notificationUrl),
            "eventCode": .string(eventCode), "conditions": JSONValue(conditions), "clientType": .string(clientType),
            "clientId": .string(clientId), "enabled": .bool(enabled), "userId": .string(userId), "createdAt": JSONValue(createdAt),
        ])
    }
}

extension WorkflowWebhookEntry: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "entryNo": JSONValue(entryNo), "id": JSONValue(id), "workflowStepInstanceId": JSONValue(workflowStepInstanceId),
            "workflowCode": .string(workflowCode), "recordId": JSONValue(recordId), "entitySet": .string(entitySet.rawValue),
            "initiatedBy": .string(initiatedBy), "initiatedAt": JSONValue(initiatedAt), "response": .string(response.rawValue),
            "responseUserId": JSONValue(responseUserId), "modifiedAt": JSONValue(modifiedAt), "modifiedBy": .string(modifiedBy),
            "notificationStatus": JSONValue(notificationStatus?.rawValue), "notificationError": JSONValue(notificationError),
        ])
    }
}

extension OutboxMessage: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "id": JSONValue(id), "webhookId": .string(webhookId), "companyId": companyId.map(JSONValue.init) ?? .null,
            "subscriptionId": subscriptionId.map(JSONValue.init) ?? .null, "sourceId": sourceId.map(JSONValue.init) ?? .null,
            "type": .string(eventType), "status": .string(status.rawValue), "attemptCount": JSONValue(attemptCount),
            "createdAt": JSONValue(createdAt), "nextAttemptAt": nextAttemptAt.map(JSONValue.init) ?? .null,
            "deliveredAt": deliveredAt.map(JSONValue.init) ?? .null, "lastStatusCode": JSONValue(lastStatusCode),
            "lastError": JSONValue(lastError),
        ])
    }
}

extension DeliveryAttempt: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "number": JSONValue(number), "startedAt": JSONValue(startedAt), "durationMs": .number(Decimal(durationMilliseconds)),
            "url": .string(url), "statusCode": JSONValue(statusCode), "responseBody": JSONValue(responseBody), "error": JSONValue(error),
            "remoteAddress": JSONValue(remoteAddress),
        ])
    }
}
