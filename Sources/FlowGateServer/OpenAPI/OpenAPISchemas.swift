import FlowGateApp
import FlowGateCore
import FlowGateDelivery

/// The resources FlowGate answers with, as `components.schemas`: one entry per representation in
/// `FlowGateApp/Representations` (the contract tests validate live answers against them).
enum OpenAPISchemas {
    private typealias S = Schema

    static var all: [String: JSONValue] {
        var schemas = resources
        schemas.merge(OpenAPIInputs.all) { first, _ in first }
        return schemas
    }

    private static let text = S.string
    private static let optionalText = S.nullable(S.string)
    private static let optionalTime = S.nullable(S.dateTime)
    private static let optionalInteger = S.nullable(S.integer)
    private static let optionalUUID = S.nullable(S.uuid)

    private static var resources: [String: JSONValue] {
        [
            "Company": S.representation([
                "id": S.uuid, "name": text, "displayName": text, "localCurrencyCode": text, "createdAt": S.dateTime,
                "automationEnabled": S.described(S.boolean, "Whether instant flows may run on the company's records."),
            ]),
            "User": S.representation([
                "userName": text, "fullName": text, "email": optionalText, "state": S.oneOf(User.State.self), "createdAt": S.dateTime,
            ]),
            "APIKey": S.representation(apiKeyMembers),
            "APIKeyCreated": S.representation(
                apiKeyMembers.merging(["key": S.described(text, "The key itself, shown only in this answer.")]) { $1 }
            ),
            "SalespersonPurchaser": S.representation(["code": text, "name": text, "email": optionalText]),
            "ApprovalUserSetup": S.representation([
                "userName": text, "approverId": optionalText, "salespersonPurchaserCode": optionalText,
                "salesAmountApprovalLimit": S.number, "unlimitedSalesApproval": S.boolean,
                "purchaseAmountApprovalLimit": S.number, "unlimitedPurchaseApproval": S.boolean,
                "requestAmountApprovalLimit": S.number, "unlimitedRequestApproval": S.boolean,
                "substitute": optionalText, "email": optionalText, "approvalAdministrator": S.boolean,
            ]),
            "WorkflowUserGroup": S.representation([
                "code": text, "description": text,
                "members": S.array(S.representation(["userName": text, "sequenceNo": S.integer])),
            ]),
            "Record": record,
            "DocumentLine": S.representation([
                "lineNo": S.integer, "type": optionalText, "number": optionalText, "description": optionalText,
                "quantity": S.number, "unitPrice": S.number, "amount": S.number, "fields": S.anyObject,
            ]),
            "ApprovalActionResult": S.representation(
                [
                    "record": S.ref("Record"), "workflowCode": optionalText, "approvalEntries": S.array(S.ref("ApprovalEntry")),
                    "messages": S.described(S.array(text), "Business Central's messages to the person who acted."),
                ],
                description: "The record after the action, the workflow that took it, and the approval entries it created or changed."
            ),
            "ApprovalEntry": approvalEntry,
            "NotificationEntry": S.representation([
                "id": S.uuid, "type": S.oneOf(NotificationEntryType.self), "recipientUserId": text, "recordId": S.uuid,
                "entitySet": S.oneOf(EntitySet.self), "approvalEntryNo": optionalInteger, "createdAt": S.dateTime, "createdBy": text,
                "link": optionalText,
            ]),
            "FlowInput": S.representation(
                ["name": text, "type": S.oneOf(FlowInput.InputType.self), "required": S.boolean, "choices": S.array(text), "description": text],
                optional: ["choices", "description"]
            ),
            "AutomateMenuItem": S.representation([
                "id": S.uuid, "name": text, "description": text, "inputs": S.array(S.ref("FlowInput")),
            ]),
            "InstantFlow": S.representation(instantFlowMembers),
            "InstantFlowCreated": S.representation(instantFlowMembers.merging(["secret": secret]) { $1 }),
            "InstantFlowRunAccepted": S.representation(["runId": S.uuid, "status": S.oneOf(DeliveryStatus.self)]),
            "InstantFlowRun": S.representation([
                "runId": S.uuid, "flowId": optionalUUID, "status": S.oneOf(DeliveryStatus.self), "createdAt": S.dateTime,
                "deliveredAt": optionalTime, "attemptCount": S.integer, "lastError": optionalText,
                "attempts": S.array(S.representation([
                    "number": S.integer, "startedAt": S.dateTime, "durationMs": S.number, "statusCode": optionalInteger, "error": optionalText,
                ])),
            ]),
            "Recurrence": S.representation(recurrenceMembers, optional: ["atHours", "atMinutes", "weekDays", "monthDays"]),
            "ScheduledFlow": S.representation(scheduledFlowMembers),
            "ScheduledFlowCreated": S.representation(scheduledFlowMembers.merging(["secret": secret]) { $1 }),
            "ScheduledFlowRun": S.representation([
                "scheduledFor": S.dateTime, "firedAt": S.dateTime, "late": S.boolean, "skipped": S.integer, "runId": S.uuid,
                "status": S.nullable(S.oneOf(DeliveryStatus.self)),
            ]),
            "RecordSubscription": S.representation(recordSubscriptionMembers, optional: ["deletedAt", "deletionReason"]),
            "RecordSubscriptionCreated": S.representation(
                recordSubscriptionMembers.merging(["secret": secret]) { $1 }, optional: ["deletedAt", "deletionReason"]
            ),
            "Workflow": S.representation([
                "code": text, "description": text, "enabled": S.boolean, "template": S.boolean,
                "category": S.nullable(S.oneOf(WorkflowCategory.self)), "source": S.oneOf(WorkflowSource.self), "clientId": optionalText,
                "subscriptionId": optionalUUID, "steps": S.array(S.ref("WorkflowStep")),
            ]),
            "WorkflowStep": S.representation([
                "id": S.integer, "description": text, "entryPoint": S.boolean, "previousStepId": optionalInteger,
                "nextStepId": optionalInteger, "type": S.oneOf(WorkflowStepType.self), "functionName": text, "sequenceNo": S.integer,
                "argument": S.nullable(S.ref("WorkflowStepArgument")), "rules": S.array(S.ref("WorkflowRule")),
            ]),
            "WorkflowRule": S.representation(["id": S.integer, "fieldName": text, "operator": S.oneOf(WorkflowRuleOperator.self)]),
            "WorkflowStepArgument": S.representation(OpenAPIInputs.stepArgumentMembers),
            "EventConditions": S.representation(["header": S.array(condition), "lines": S.array(condition)]),
            "WorkflowDocument": S.representation(["workflows": S.array(S.ref("Workflow"))]),
            "WorkflowEventDefinition": S.representation([
                "functionName": text, "description": text, "table": S.oneOf(WorkflowTable.self), "usedForRecordChange": S.boolean,
                "predecessors": S.array(text),
            ]),
            "WorkflowResponseDefinition": S.representation([
                "functionName": text, "description": text, "options": S.array(S.oneOf(ArgumentOption.self)),
                "requiredOptions": S.array(S.oneOf(ArgumentOption.self)), "tables": S.nullable(S.array(S.oneOf(WorkflowTable.self))),
            ]),
            "WorkflowStepInstance": S.representation([
                "instanceId": S.uuid, "workflowCode": text, "stepId": S.integer, "recordId": S.uuid, "entitySet": S.oneOf(EntitySet.self),
                "status": S.oneOf(WorkflowStepStatus.self), "type": S.oneOf(WorkflowStepType.self), "functionName": text,
                "entryPoint": S.boolean, "previousStepId": optionalInteger, "nextStepId": optionalInteger, "sequenceNo": S.integer,
                "description": text, "argument": S.nullable(S.ref("WorkflowStepArgument")), "createdAt": S.dateTime, "createdBy": text,
                "modifiedAt": S.dateTime, "modifiedBy": text,
            ]),
            "ArchiveResult": S.representation(["archivedInstances": S.described(S.integer, "How many step instances were archived.")]),
            "WorkflowWebhookSubscription": S.representation(webhookSubscriptionMembers),
            "WorkflowWebhookSubscriptionCreated": S.representation(
                webhookSubscriptionMembers.merging([
                    "secret": secret,
                    "previousSecretsExpireAt": S.described(S.dateTime, "After a rotation: until when the previous secrets also sign."),
                ]) { $1 },
                optional: ["previousSecretsExpireAt"]
            ),
            "WorkflowWebhookEntry": S.representation([
                "entryNo": S.integer, "id": S.uuid, "workflowStepInstanceId": S.uuid, "workflowCode": text, "recordId": S.uuid,
                "entitySet": S.oneOf(EntitySet.self), "initiatedBy": text, "initiatedAt": S.dateTime,
                "response": S.oneOf(WebhookResponse.self), "responseUserId": optionalText, "modifiedAt": S.dateTime, "modifiedBy": text,
                "notificationStatus": S.nullable(S.oneOf(WebhookNotificationStatus.self)), "notificationError": optionalText,
            ]),
            "FlowCallbackResult": S.representation([
                "flowEntry": S.ref("WorkflowWebhookEntry"), "record": S.ref("Record"), "messages": S.array(text),
            ]),
            "Delivery": S.representation(deliveryMembers),
            "DeliveryWithAttempts": S.representation(deliveryMembers.merging(["attempts": S.array(S.ref("DeliveryAttempt"))]) { $1 }),
            "DeliveryAttempt": S.representation([
                "number": S.integer, "startedAt": S.dateTime, "durationMs": S.number, "url": text, "statusCode": optionalInteger,
                "responseBody": optionalText, "error": optionalText, "remoteAddress": optionalText,
            ]),
            "Health": S.representation(
                ["status": .object(["type": "string", "enum": .array(["live", "ready", "unavailable"])]), "detail": text], optional: ["detail"]
            ),
        ]
    }

    private static let secret = S.described(S.string, "The signing secret (whsec_…), shown only in this answer.")
    private static let condition = S.representation(["field": text, "filter": text])

    private static let apiKeyMembers: [String: JSONValue] = [
        "id": S.uuid, "userName": text, "role": S.oneOf(Role.self), "prefix": text, "createdAt": S.dateTime,
        "companies": S.described(S.nullable(S.array(S.uuid)), "The companies the key reaches; null for every company."),
    ]

    /// Amount members appear on documents and general journal lines, document members on documents.
    private static var record: JSONValue {
        S.representation(
            [
                "id": S.uuid, "number": text, "status": S.oneOf(RecordStatus.self), "fields": S.anyObject, "restricted": S.boolean,
                "createdAt": S.dateTime, "modifiedAt": S.dateTime,
                "amount": S.nullable(S.number), "amountLCY": S.nullable(S.number), "currencyCode": optionalText,
                "currencyFactor": S.nullable(S.number), "documentType": S.nullable(S.oneOf(DocumentType.self)),
                "salespersonPurchaserCode": optionalText, "lines": S.array(S.ref("DocumentLine")),
            ],
            optional: ["amount", "amountLCY", "currencyCode", "currencyFactor", "documentType", "salespersonPurchaserCode", "lines"],
            description: "A record of an entity set. Amounts appear on documents and general journal lines; documentType, salespersonPurchaserCode and lines on documents."
        )
    }

    private static var approvalEntry: JSONValue {
        S.representation([
            "entryNo": S.integer, "recordId": S.uuid, "entitySet": S.oneOf(EntitySet.self),
            "documentType": S.nullable(S.oneOf(DocumentType.self)), "documentNo": text, "sequenceNo": S.integer, "approvalCode": text,
            "workflowStepInstanceId": S.uuid, "senderId": text, "salespersonPurchaserCode": optionalText, "approverId": text,
            "status": S.oneOf(ApprovalStatus.self), "approvalType": S.oneOf(ApprovalType.self), "limitType": S.oneOf(ApprovalLimitType.self),
            "dateTimeSentForApproval": S.dateTime, "lastDateTimeModified": S.dateTime, "lastModifiedByUserId": text, "dueDate": S.date,
            "delegationDateFormula": optionalText, "amount": S.number, "amountLCY": S.number, "currencyCode": optionalText,
            "availableCreditLimitLCY": S.nullable(S.number),
            "comments": S.array(S.representation(["userId": text, "text": text, "createdAt": S.dateTime])),
        ])
    }

    private static let instantFlowMembers: [String: JSONValue] = [
        "id": S.uuid, "name": text, "description": text, "target": S.oneOf(EntitySet.self), "notificationUrl": text,
        "inputs": S.array(S.ref("FlowInput")), "enabled": S.boolean, "createdAt": S.dateTime, "modifiedAt": S.dateTime,
    ]

    static let recurrenceMembers: [String: JSONValue] = [
        "frequency": S.oneOf(Recurrence.Frequency.self), "interval": S.integer(minimum: 1, maximum: 1000), "startTime": S.dateTime,
        "timeZone": S.string(minLength: 1, description: "An IANA time zone, such as Europe/Paris."),
        "atHours": S.array(S.integer(minimum: 0, maximum: 23)), "atMinutes": S.array(S.integer(minimum: 0, maximum: 59)),
        "weekDays": S.array(S.oneOf(Recurrence.WeekDay.self)), "monthDays": S.array(S.integer(minimum: 1, maximum: 31)),
    ]

    private static let scheduledFlowMembers: [String: JSONValue] = [
        "id": S.uuid, "name": text, "notificationUrl": text, "recurrence": S.ref("Recurrence"), "payload": S.nullable(S.anyObject),
        "enabled": S.boolean, "nextRunAt": optionalTime, "lastRunFor": optionalTime, "createdAt": S.dateTime, "modifiedAt": S.dateTime,
    ]

    private static let recordSubscriptionMembers: [String: JSONValue] = [
        "subscriptionId": S.uuid, "notificationUrl": text, "resource": text, "clientState": optionalText,
        "expirationDateTime": S.dateTime, "userId": text, "timestamp": S.dateTime, "lastModifiedDateTime": S.dateTime,
        "deleted": S.boolean, "deletedAt": S.dateTime, "deletionReason": optionalText,
    ]

    private static let webhookSubscriptionMembers: [String: JSONValue] = [
        "id": S.uuid, "workflowCode": text, "notificationUrl": text, "eventCode": text, "conditions": optionalText,
        "clientType": text, "clientId": text, "enabled": S.boolean, "userId": text, "createdAt": S.dateTime,
    ]

    private static let deliveryMembers: [String: JSONValue] = [
        "id": S.uuid, "webhookId": text, "companyId": optionalUUID, "subscriptionId": optionalUUID, "sourceId": optionalUUID,
        "type": text, "status": S.oneOf(DeliveryStatus.self), "attemptCount": S.integer, "createdAt": S.dateTime,
        "nextAttemptAt": optionalTime, "deliveredAt": optionalTime, "lastStatusCode": optionalInteger, "lastError": optionalText,
    ]
}
