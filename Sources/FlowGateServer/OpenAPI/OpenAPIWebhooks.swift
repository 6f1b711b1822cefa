import FlowGateApp
import FlowGateCore

/// The `webhooks` section: every message FlowGate posts, with its Standard Webhooks headers.
enum OpenAPIWebhooks {
    static var all: JSONValue {
        .object([
            ApprovalRequested.type: webhook(
                "An approval request for an automation platform to decide; it answers through the callbacks in `data`.",
                envelope([
                    "entitySet": string, "record": object, "workflowCode": string, "requestedBy": string, "flowEntryId": string,
                    "callbacks": properties(["approve": string, "reject": string, "cancel": string]),
                ], extra: ["Row Id": string, "Workflow Step Id": string, "Requested By User Email": string, "Company Id": string])
            ),
            RecordsChanged.type: webhook(
                "Record changes of a subscription's window (Business Central API webhook notification).",
                properties([
                    "value": .object([
                        "type": "array",
                        "items": properties([
                            "subscriptionId": string, "clientState": .object(["type": .array(["string", "null"])]),
                            "expirationDateTime": dateTime, "resource": string,
                            "changeType": .object(["type": "string", "enum": .array(["created", "updated", "deleted", "collection"])]),
                            "lastModifiedDateTime": dateTime,
                        ]),
                    ])
                ], required: ["value"])
            ),
            InstantFlowRun.type: webhook(
                "A person ran an instant flow on a record: Business Central's \"For a selected record\" context.",
                envelope([
                    "environment": string, "companyId": string, "companyName": string, "entitySet": string, "tableId": integer,
                    "systemId": string, "pageId": integer, "webClientUrl": string, "record": object, "inputs": object, "runBy": string,
                    "flowId": string, "flowName": string, "runId": string,
                ])
            ),
            ScheduledFlowFired.type: webhook(
                "A slot of a scheduled flow's recurrence came (once per slot).",
                envelope([
                    "flowId": string, "name": string, "scheduledFor": dateTime, "firedAt": dateTime, "late": .object(["type": "boolean"]),
                    "skipped": integer, "payload": .object([:]),
                ])
            ),
        ])
    }

    private static let string: JSONValue = .object(["type": "string"])
    private static let integer: JSONValue = .object(["type": "integer"])
    private static let object: JSONValue = .object(["type": "object"])
    private static let dateTime: JSONValue = .object(["type": "string", "format": "date-time"])

    private static func properties(_ members: [String: JSONValue], required: [String] = []) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(members)]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        return .object(schema)
    }

    /// FlowGate's `{type, timestamp, data}`, with any compatibility fields beside them.
    private static func envelope(_ data: [String: JSONValue], extra: [String: JSONValue] = [:]) -> JSONValue {
        var members = extra
        members["type"] = string
        members["timestamp"] = dateTime
        members["data"] = properties(data)
        return properties(members, required: ["type", "timestamp", "data"])
    }

    private static func webhook(_ summary: String, _ body: JSONValue) -> JSONValue {
        let headers: [JSONValue] = ["webhook-id", "webhook-timestamp", "webhook-signature"].map { name in
            .object(["name": .string(name), "in": "header", "required": .bool(true), "schema": .object(["type": "string"])])
        }
        return .object([
            "post": .object([
                "summary": .string(summary),
                "description": "Signed as Standard Webhooks: webhook-signature is v1,<base64 HMAC-SHA256 of id.timestamp.body> per valid secret.",
                "parameters": .array(headers),
                "requestBody": .object(["required": .bool(true), "content": .object(["application/json": .object(["schema": body])])]),
                "responses": .object(["200": .object(["description": "Any 2xx: delivered."])]),
            ])
        ])
    }
}
