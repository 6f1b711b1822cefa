import FlowGateApp
import FlowGateCore

/// The `webhooks` section: every message FlowGate posts, with its Standard Webhooks headers.
enum OpenAPIWebhooks {
    private typealias S = Schema

    static var all: JSONValue {
        .object([
            ApprovalRequested.type: webhook(
                "An approval request for an automation platform to decide; it answers through the callbacks in `data`.",
                envelope(
                    [
                        "entitySet": S.oneOf(EntitySet.self), "record": S.ref("Record"), "workflowCode": S.string, "requestedBy": S.string,
                        "flowEntryId": S.uuid,
                        "callbacks": S.representation(["approve": S.string, "reject": S.string, "cancel": S.string]),
                    ],
                    compatibility: [
                        "Row Id": S.uuid, "Workflow Step Id": S.uuid, "Requested By User Email": S.string, "Company Id": S.uuid,
                    ]
                )
            ),
            RecordsChanged.type: webhook(
                "Record changes of a subscription's window (Business Central API webhook notification).",
                S.representation([
                    "value": S.array(S.representation([
                        "subscriptionId": S.uuid, "clientState": S.nullable(S.string), "expirationDateTime": S.dateTime,
                        "resource": S.string,
                        "changeType": .object(["type": "string", "enum": .array(["created", "updated", "deleted", "collection"])]),
                        "lastModifiedDateTime": S.dateTime,
                    ]))
                ])
            ),
            InstantFlowRun.type: webhook(
                "A person ran an instant flow on a record: Business Central's \"For a selected record\" context.",
                envelope([
                    "environment": S.string, "companyId": S.uuid, "companyName": S.string, "entitySet": S.oneOf(EntitySet.self),
                    "tableId": S.integer, "systemId": S.uuid, "pageId": S.integer, "webClientUrl": S.string, "record": S.ref("Record"),
                    "inputs": S.anyObject, "runBy": S.string, "flowId": S.uuid, "flowName": S.string, "runId": S.uuid,
                ])
            ),
            ScheduledFlowFired.type: webhook(
                "A slot of a scheduled flow's recurrence came (once per slot).",
                envelope([
                    "flowId": S.uuid, "name": S.string, "scheduledFor": S.dateTime, "firedAt": S.dateTime, "late": S.boolean,
                    "skipped": S.integer, "payload": S.nullable(S.anyObject),
                ])
            ),
        ])
    }

    /// FlowGate's `{type, timestamp, data}`, with Business Central's field names beside them where platforms expect them.
    private static func envelope(_ data: [String: JSONValue], compatibility: [String: JSONValue] = [:]) -> JSONValue {
        var members = compatibility
        members["type"] = S.string
        members["timestamp"] = S.dateTime
        members["data"] = S.representation(data)
        return S.representation(members)
    }

    private static func webhook(_ summary: String, _ body: JSONValue) -> JSONValue {
        let headers: [JSONValue] = ["webhook-id", "webhook-timestamp", "webhook-signature"].map { name in
            .object(["name": .string(name), "in": "header", "required": .bool(true), "schema": S.string])
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
