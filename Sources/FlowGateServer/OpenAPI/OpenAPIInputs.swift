import FlowGateCore
import FlowGateDelivery

/// The request bodies, as `components.schemas`: the members `FlowGateServer/HTTP/Inputs*.swift` and
/// `RecordChanges` accept. Unknown members are answered 400, so every input is closed.
enum OpenAPIInputs {
    private typealias S = Schema

    private static let text = S.string
    private static let url = S.url(description: "A public http(s) URL without a #fragment (private addresses need --allow-network).")
    /// Workflow codes: 1 to 20 characters, and MS- is kept for templates and registered workflows.
    private static let workflowCode: JSONValue = {
        guard case .object(var fields) = S.code(maxLength: 20) else { return S.code(maxLength: 20) }
        fields["not"] = .object(["pattern": #"^\s*[Mm][Ss]-"#])
        return .object(fields)
    }()
    private static let nonNegative = S.decimal(minimum: 0)

    static var all: [String: JSONValue] {
        [
            "CompanyInput": S.input(
                [
                    "name": S.string(minLength: 1, maxLength: 30, description: "Unique; not a UUID, no '/'."), "displayName": text,
                    "localCurrencyCode": .object(["type": "string", "pattern": "^[A-Za-z]{3}$", "description": "Default USD."]),
                ],
                required: ["name"]
            ),
            "CompanySettingsInput": S.input(["automationEnabled": S.boolean]),
            "UserInput": S.input(
                ["userName": S.code(), "fullName": text, "email": optionalEmail, "state": S.oneOf(User.State.self)], required: ["userName"]
            ),
            "UserChangeInput": S.input(["fullName": text, "email": optionalEmail, "state": S.oneOf(User.State.self)]),
            "APIKeyInput": S.input(
                [
                    "role": S.oneOf(Role.self),
                    "companies": S.described(S.array(S.string(minLength: 1), minItems: 1), "Company ids or names; leave out for every company."),
                ],
                required: ["role"]
            ),
            // The path names the code or user; the body may repeat it only unchanged, which no schema can say, so
            // the PUT inputs leave it out.
            "SalespersonPurchaserInput": S.input(["name": text, "email": optionalEmail]),
            "ApprovalUserSetupInput": S.input([
                "approverId": text, "salespersonPurchaserCode": text,
                "salesAmountApprovalLimit": nonNegative, "unlimitedSalesApproval": S.boolean,
                "purchaseAmountApprovalLimit": nonNegative, "unlimitedPurchaseApproval": S.boolean,
                "requestAmountApprovalLimit": nonNegative, "unlimitedRequestApproval": S.boolean,
                "substitute": text, "email": text, "approvalAdministrator": S.boolean,
            ]),
            "WorkflowUserGroupInput": S.input([
                "description": text,
                "members": S.array(S.input(["userName": S.code(), "sequenceNo": S.integer(minimum: 1, maximum: WorkflowUserGroup.maximumSequenceNo)], required: ["userName"])),
            ]),
            "RecordInput": S.input(
                [
                    "number": S.string(minLength: 1, maxLength: 20), "status": S.oneOf(RecordStatus.self), "fields": S.anyObject,
                    "amount": nonNegative, "currencyCode": S.nullable(text),
                    "currencyFactor": .object(["type": "number", "exclusiveMinimum": JSONValue(0), "maximum": JSONValue(999_999_999_999_999)]),
                    "documentType": S.oneOf(DocumentType.self), "salespersonPurchaserCode": S.nullable(text),
                    "lines": S.array(S.input([
                        "lineNo": S.integer(minimum: 1), "type": text, "number": text, "description": text, "quantity": nonNegative,
                        "unitPrice": nonNegative, "amount": nonNegative, "fields": S.anyObject,
                    ])),
                ],
                description: "Amounts are for documents and general journal lines; documentType (required on create), salespersonPurchaserCode and lines for documents. Read-only members (id, createdAt, …) are refused with 400."
            ),
            "ApprovalRequestInput": S.input(
                ["requestedBy": S.string(minLength: 1, description: "With an integration key: the user who sends or cancels.")]
            ),
            "DecisionInput": S.input(["comment": S.string(maxLength: 250)]),
            "InstantFlowInput": S.input(instantFlowMembers, required: ["name", "target", "notificationUrl"]),
            "InstantFlowChangeInput": S.input(instantFlowMembers.filter { $0.key != "target" }),
            "FlowInputDeclaration": S.input(
                ["name": text, "type": S.oneOf(FlowInput.InputType.self), "required": S.boolean, "choices": S.array(text), "description": text],
                required: ["name", "type"]
            ),
            "InstantFlowRunInput": S.input(["inputs": S.described(S.anyObject, "A value for each of the flow's declared inputs.")]),
            "RecurrenceInput": S.input(OpenAPISchemas.recurrenceMembers, required: ["frequency"]),
            "ScheduledFlowInput": S.input(scheduledFlowMembers, required: ["name", "notificationUrl", "recurrence"]),
            "ScheduledFlowChangeInput": S.input(scheduledFlowMembers.merging(["payload": S.nullable(S.anyObject)]) { $1 }),
            "RecordSubscriptionInput": S.input(
                [
                    "notificationUrl": S.described(url, "Must answer the validation handshake: 200 with the validationToken query parameter as its body."),
                    "resource": S.string(description: "companies({id})/{entitySet}, or /api/v1/companies/{id}/{entitySet}."),
                    "clientState": S.string(maxLength: 2048),
                ],
                required: ["notificationUrl", "resource"]
            ),
            "RecordSubscriptionRenewalInput": S.input([
                "notificationUrl": url, "clientState": S.nullable(S.string(maxLength: 2048)),
                "subscriptionId": text, "resource": text, "expirationDateTime": text, "lastModifiedDateTime": text,
            ]),
            "WorkflowInput": S.input(workflowMembers, required: ["code"]),
            "WorkflowReplaceInput": S.input(workflowMembers.filter { $0.key != "code" }),
            "WorkflowStepInput": S.input(
                [
                    "id": S.integer, "description": text, "entryPoint": S.boolean, "previousStepId": S.integer, "nextStepId": S.integer,
                    "type": S.oneOf(WorkflowStepType.self), "functionName": text, "sequenceNo": S.integer,
                    "argument": S.ref("WorkflowStepArgumentInput"),
                    "rules": S.array(S.input(
                        ["id": S.integer, "fieldName": S.string(minLength: 1), "operator": S.oneOf(WorkflowRuleOperator.self)],
                        required: ["fieldName"]
                    )),
                ],
                required: ["id", "type"]
            ),
            "WorkflowStepArgumentInput": S.input(stepArgumentMembers),
            "WorkflowDocumentInput": S.input(["workflows": S.array(S.ref("WorkflowInput"))], required: ["workflows"]),
            "WorkflowImportInput": .object(["anyOf": .array([S.ref("WorkflowDocumentInput"), S.ref("WorkflowInput")])]),
            "TemplateCopyInput": S.input(["code": workflowCode, "description": text, "enabled": S.boolean], required: ["code"]),
            "WorkflowWebhookSubscriptionInput": S.input(
                [
                    "notificationUrl": url,
                    "eventCode": S.described(
                        .object(["type": "string", "enum": .array(FlowWorkflowRegistration.kinds.map { .string($0.eventCode) })]),
                        "The approval event, as Business Central names it (any letter case)."
                    ),
                    "conditions": S.string(description: "Business Central's base64 conditions document; empty for none."),
                    "clientType": text, "clientId": text, "id": text, "enabled": S.boolean,
                ],
                required: ["notificationUrl", "eventCode"]
            ),
            "ApprovalRequestedSubscriptionInput": S.input(
                [
                    "notificationUrl": url,
                    "conditions": S.string(description: "Business Central's base64 conditions document; empty for none."),
                    "clientType": text, "clientId": text, "id": text, "enabled": S.boolean,
                ],
                required: ["notificationUrl"]
            ),
        ]
    }

    /// An email address, or "" / null for none.
    private static let optionalEmail: JSONValue = .object(["anyOf": .array([S.email, .object(["enum": .array(["", .null])])])])

    private static let instantFlowMembers: [String: JSONValue] = [
        "name": S.string(minLength: 1, maxLength: 100), "description": text, "target": S.oneOf(EntitySet.self),
        "notificationUrl": url, "inputs": S.array(S.ref("FlowInputDeclaration")), "enabled": S.boolean,
    ]

    private static let scheduledFlowMembers: [String: JSONValue] = [
        "name": S.string(minLength: 1, maxLength: 100), "notificationUrl": url, "recurrence": S.ref("RecurrenceInput"),
        "payload": S.described(S.anyObject, "Sent in every run; at most 64 KiB."), "enabled": S.boolean,
    ]

    private static let workflowMembers: [String: JSONValue] = [
        "code": workflowCode, "description": text, "enabled": S.boolean,
        "template": S.described(.object(["enum": .array([.bool(false)])]), "Templates are built in (MS- codes); copy one instead."),
        "category": S.oneOf(WorkflowCategory.self),
        "source": text, "clientId": text, "subscriptionId": text, "steps": S.array(S.ref("WorkflowStepInput")),
    ]

    /// The step argument's options, all nullable, in answers and in inputs alike.
    static let stepArgumentMembers: [String: JSONValue] = {
        let text = S.nullable(S.string)
        let flag = S.nullable(S.boolean)
        return [
            "eventConditions": S.nullable(S.ref("EventConditions")), "approverType": S.nullable(S.oneOf(ApproverType.self)),
            "approverLimitType": S.nullable(S.oneOf(ApproverLimitType.self)), "workflowUserGroupCode": text, "approverUserId": text,
            "dueDateFormula": text, "delegateAfter": S.nullable(S.oneOf(DelegateAfter.self)), "notifySender": flag,
            "notificationUserId": text, "notificationEntryType": S.nullable(S.oneOf(NotificationEntryType.self)), "message": text,
            "linkTargetPage": S.nullable(S.integer), "customLink": text, "showConfirmationMessage": flag,
            "responseType": S.nullable(S.oneOf(WebhookResponseType.self)), "responseUserId": text, "fieldName": text,
            "generalJournalTemplateName": text, "generalJournalBatchName": text,
        ]
    }()
}
