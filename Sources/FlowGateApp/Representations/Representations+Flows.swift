import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation

// The flows without their secrets, which are shown only when made.

extension RecordSubscription: JSONRepresentable {
    /// Business Central's subscription fields, with the deletion of a subscription its receiver refused.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "subscriptionId": JSONValue(id), "notificationUrl": .string(notificationUrl), "resource": .string(resource),
            "clientState": JSONValue(clientState), "expirationDateTime": JSONValue(expirationDateTime), "userId": .string(userId),
            "timestamp": JSONValue(createdAt), "lastModifiedDateTime": JSONValue(lastModifiedAt), "deleted": .bool(deletedAt != nil),
        ]
        if let deletedAt {
            fields["deletedAt"] = JSONValue(deletedAt)
            fields["deletionReason"] = JSONValue(deletionReason)
        }
        return .object(fields)
    }
}

extension FlowInput: JSONRepresentable {
    public var json: JSONValue {
        var fields: [String: JSONValue] = ["name": .string(name), "type": .string(type.rawValue), "required": .bool(required)]
        if let choices { fields["choices"] = .array(choices.map(JSONValue.string)) }
        if let description { fields["description"] = .string(description) }
        return .object(fields)
    }
}

extension InstantFlow: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "id": JSONValue(id), "name": .string(name), "description": .string(description), "target": .string(target.rawValue),
            "notificationUrl": .string(notificationUrl), "inputs": .array(inputs.map(\.json)), "enabled": .bool(enabled),
            "createdAt": JSONValue(createdAt), "modifiedAt": JSONValue(modifiedAt),
        ])
    }
}

extension InstantFlow {
    /// An entry of a record's Automate menu: what a person needs to run it, not where it posts (a platform's
    /// trigger URL often carries its own credentials).
    public var menuJSON: JSONValue {
        .object(["id": JSONValue(id), "name": .string(name), "description": .string(description), "inputs": .array(inputs.map(\.json))])
    }
}

extension Recurrence: JSONRepresentable {
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "frequency": .string(frequency.rawValue), "interval": JSONValue(interval), "startTime": JSONValue(startTime),
            "timeZone": .string(timeZone),
        ]
        if let atHours { fields["atHours"] = .array(atHours.map(JSONValue.init)) }
        if let atMinutes { fields["atMinutes"] = .array(atMinutes.map(JSONValue.init)) }
        if let weekDays { fields["weekDays"] = .array(weekDays.map { .string($0.rawValue) }) }
        if let monthDays { fields["monthDays"] = .array(monthDays.map(JSONValue.init)) }
        return .object(fields)
    }
}

extension ScheduledFlow: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "id": JSONValue(id), "name": .string(name), "notificationUrl": .string(notificationUrl), "recurrence": recurrence.json,
            "payload": payload ?? .null, "enabled": .bool(enabled), "nextRunAt": nextRunAt.map(JSONValue.init) ?? .null,
            "lastRunFor": lastSlot.map(JSONValue.init) ?? .null, "createdAt": JSONValue(createdAt), "modifiedAt": JSONValue(modifiedAt),
        ])
    }
}

extension ScheduledFlowRunState: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "scheduledFor": JSONValue(run.scheduledFor), "firedAt": JSONValue(run.firedAt), "late": .bool(run.late),
            "skipped": JSONValue(run.skipped), "runId": JSONValue(run.messageId), "status": JSONValue(status?.rawValue),
        ])
    }
}

extension InstantFlowRunState: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "runId": JSONValue(message.id), "flowId": message.sourceId.map(JSONValue.init) ?? .null, "status": .string(message.status.rawValue),
            "createdAt": JSONValue(message.createdAt), "deliveredAt": message.deliveredAt.map(JSONValue.init) ?? .null,
            "attemptCount": JSONValue(message.attemptCount), "lastError": JSONValue(message.lastError),
            // Without the URL and the receiver's answer, which only integration keys see (in deliveries).
            "attempts": .array(attempts.map { attempt in
                .object([
                    "number": JSONValue(attempt.number), "startedAt": JSONValue(attempt.startedAt),
                    "durationMs": .number(Decimal(attempt.durationMilliseconds)), "statusCode": JSONValue(attempt.statusCode),
                    "error": JSONValue(attempt.error),
                ])
            }),
        ])
    }
}

extension JSONValue {
    /// A flow's representation with its secret, in the answer that made it.
    public func adding(secret: String) -> JSONValue {
        guard case .object(var fields) = self else { return self }
        fields["secret"] = .string(secret)
        return .object(fields)
    }
}
