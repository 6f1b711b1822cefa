import FlowGateCore
import FlowGateDelivery

extension APIOperation {
    private typealias Q = QueryParameter

    private static let recordIdQuery = Q(name: "recordId", schema: Schema.uuid, description: "Only those of this record.")

    /// Every route, keyed as `METHOD /path/{parameter}`.
    static let all: [String: APIOperation] = [
        // Operations
        "GET /health/live": APIOperation(id: "getLive", summary: "The process is up", tag: "Operations", answer: .ok("Health"), authenticated: false),
        "GET /health/ready": APIOperation(
            id: "getReady", summary: "The store answers (503 when it does not)", tag: "Operations", answer: .ok("Health"), authenticated: false,
            alsoAnswers: [503: "Health"]
        ),
        "GET /metrics": APIOperation(id: "getMetrics", summary: "Prometheus metrics", tag: "Operations", answer: .metrics, authenticated: false),
        "GET /openapi.json": APIOperation(id: "getOpenAPI", summary: "This OpenAPI document", tag: "Operations", answer: .openAPI, authenticated: false),
        // Companies and users
        "GET /api/v1/companies": APIOperation(id: "listCompanies", summary: "List the companies the key reaches", tag: "Companies", answer: .page("Company")),
        "POST /api/v1/companies": APIOperation(id: "createCompany", summary: "Create a company", tag: "Companies", body: "CompanyInput", answer: .created("Company")),
        "GET /api/v1/companies/{company}": APIOperation(id: "getCompany", summary: "Get a company by id or name", tag: "Companies", answer: .ok("Company")),
        "PATCH /api/v1/companies/{company}": APIOperation(
            id: "updateCompany", summary: "Change a company's settings (automationEnabled)", tag: "Companies", body: "CompanySettingsInput",
            answer: .ok("Company")
        ),
        "GET /api/v1/users": APIOperation(id: "listUsers", summary: "List users", tag: "Users", answer: .page("User")),
        "POST /api/v1/users": APIOperation(id: "createUser", summary: "Create a user", tag: "Users", body: "UserInput", answer: .created("User")),
        "GET /api/v1/users/{user}": APIOperation(id: "getUser", summary: "Get a user", tag: "Users", answer: .ok("User")),
        "PATCH /api/v1/users/{user}": APIOperation(
            id: "updateUser", summary: "Change a user", tag: "Users", body: "UserChangeInput", answer: .ok("User"), ifMatch: .optional
        ),
        "GET /api/v1/users/{user}/apiKeys": APIOperation(id: "listApiKeys", summary: "List a user's API keys", tag: "Users", answer: .list("APIKey")),
        "POST /api/v1/users/{user}/apiKeys": APIOperation(
            id: "createApiKey", summary: "Create an API key (shown once)", tag: "Users", body: "APIKeyInput", answer: .created("APIKeyCreated")
        ),
        "DELETE /api/v1/users/{user}/apiKeys/{id}": APIOperation(id: "deleteApiKey", summary: "Delete an API key", tag: "Users", answer: .noContent),
        // Approval setup
        "GET /api/v1/companies/{company}/approvalUserSetup": APIOperation(
            id: "listApprovalUserSetup", summary: "List approval user setup", tag: "Setup", answer: .page("ApprovalUserSetup")
        ),
        "GET /api/v1/companies/{company}/approvalUserSetup/{user}": APIOperation(
            id: "getApprovalUserSetup", summary: "Get a user's approval setup", tag: "Setup", answer: .ok("ApprovalUserSetup")
        ),
        "PUT /api/v1/companies/{company}/approvalUserSetup/{user}": APIOperation(
            id: "putApprovalUserSetup", summary: "Create or replace a user's approval setup", tag: "Setup", body: "ApprovalUserSetupInput",
            answer: .createdOrReplaced("ApprovalUserSetup"), ifMatch: .optional
        ),
        "DELETE /api/v1/companies/{company}/approvalUserSetup/{user}": APIOperation(
            id: "deleteApprovalUserSetup", summary: "Delete a user's approval setup", tag: "Setup", answer: .noContent, ifMatch: .optional
        ),
        "GET /api/v1/companies/{company}/workflowUserGroups": APIOperation(
            id: "listWorkflowUserGroups", summary: "List workflow user groups", tag: "Setup", answer: .page("WorkflowUserGroup")
        ),
        "GET /api/v1/companies/{company}/workflowUserGroups/{code}": APIOperation(
            id: "getWorkflowUserGroup", summary: "Get a workflow user group", tag: "Setup", answer: .ok("WorkflowUserGroup")
        ),
        "PUT /api/v1/companies/{company}/workflowUserGroups/{code}": APIOperation(
            id: "putWorkflowUserGroup", summary: "Create or replace a workflow user group", tag: "Setup", body: "WorkflowUserGroupInput",
            answer: .createdOrReplaced("WorkflowUserGroup"), ifMatch: .optional
        ),
        "DELETE /api/v1/companies/{company}/workflowUserGroups/{code}": APIOperation(
            id: "deleteWorkflowUserGroup", summary: "Delete a workflow user group", tag: "Setup", answer: .noContent, ifMatch: .optional
        ),
        "GET /api/v1/companies/{company}/salespersonsPurchasers": APIOperation(
            id: "listSalespersonsPurchasers", summary: "List salespersons/purchasers", tag: "Setup", answer: .page("SalespersonPurchaser")
        ),
        "GET /api/v1/companies/{company}/salespersonsPurchasers/{code}": APIOperation(
            id: "getSalespersonPurchaser", summary: "Get a salesperson/purchaser", tag: "Setup", answer: .ok("SalespersonPurchaser")
        ),
        "PUT /api/v1/companies/{company}/salespersonsPurchasers/{code}": APIOperation(
            id: "putSalespersonPurchaser", summary: "Create or replace a salesperson/purchaser", tag: "Setup", body: "SalespersonPurchaserInput",
            answer: .createdOrReplaced("SalespersonPurchaser"), ifMatch: .optional
        ),
        "DELETE /api/v1/companies/{company}/salespersonsPurchasers/{code}": APIOperation(
            id: "deleteSalespersonPurchaser", summary: "Delete a salesperson/purchaser", tag: "Setup", answer: .noContent, ifMatch: .optional
        ),
        // Records
        "GET /api/v1/companies/{company}/{entitySet}": APIOperation(
            id: "listRecords", summary: "List the records of an entity set", tag: "Records", answer: .page("Record")
        ),
        "POST /api/v1/companies/{company}/{entitySet}": APIOperation(
            id: "createRecord", summary: "Create a record", tag: "Records", body: "RecordInput", answer: .created("Record")
        ),
        "GET /api/v1/companies/{company}/{entitySet}/{id}": APIOperation(id: "getRecord", summary: "Get a record", tag: "Records", answer: .ok("Record")),
        "PATCH /api/v1/companies/{company}/{entitySet}/{id}": APIOperation(
            id: "updateRecord", summary: "Change a record", tag: "Records", body: "RecordInput", answer: .ok("Record"), ifMatch: .optional
        ),
        "DELETE /api/v1/companies/{company}/{entitySet}/{id}": APIOperation(
            id: "deleteRecord", summary: "Delete a record", tag: "Records", answer: .noContent, ifMatch: .optional
        ),
        "POST /api/v1/companies/{company}/{entitySet}/{id}/sendApprovalRequest": APIOperation(
            id: "sendApprovalRequest", summary: "Send a record for approval", tag: "Approvals", body: "ApprovalRequestInput", bodyRequired: false,
            answer: .ok("ApprovalActionResult")
        ),
        "POST /api/v1/companies/{company}/{entitySet}/{id}/cancelApprovalRequest": APIOperation(
            id: "cancelApprovalRequest", summary: "Cancel a record's approval request", tag: "Approvals", body: "ApprovalRequestInput",
            bodyRequired: false, answer: .ok("ApprovalActionResult")
        ),
        // Instant flows
        "GET /api/v1/companies/{company}/{entitySet}/{id}/automate": APIOperation(
            id: "listAutomateMenu", summary: "The record's Automate menu: instant flows a person can run", tag: "Instant flows",
            answer: .list("AutomateMenuItem")
        ),
        "POST /api/v1/companies/{company}/{entitySet}/{id}/automate/{flowId}": APIOperation(
            id: "runInstantFlow", summary: "Run an instant flow on the record", tag: "Instant flows", body: "InstantFlowRunInput",
            bodyRequired: false, answer: .accepted("InstantFlowRunAccepted")
        ),
        "GET /api/v1/companies/{company}/instantFlows": APIOperation(
            id: "listInstantFlows", summary: "List instant flows", tag: "Instant flows", answer: .page("InstantFlow")
        ),
        "POST /api/v1/companies/{company}/instantFlows": APIOperation(
            id: "createInstantFlow", summary: "Define an instant flow", tag: "Instant flows", body: "InstantFlowInput",
            answer: .created("InstantFlowCreated")
        ),
        "GET /api/v1/companies/{company}/instantFlows/{id}": APIOperation(
            id: "getInstantFlow", summary: "Get an instant flow", tag: "Instant flows", answer: .ok("InstantFlow")
        ),
        "PATCH /api/v1/companies/{company}/instantFlows/{id}": APIOperation(
            id: "updateInstantFlow", summary: "Change an instant flow", tag: "Instant flows", body: "InstantFlowChangeInput",
            answer: .ok("InstantFlow"), ifMatch: .optional
        ),
        "DELETE /api/v1/companies/{company}/instantFlows/{id}": APIOperation(
            id: "deleteInstantFlow", summary: "Delete an instant flow", tag: "Instant flows", answer: .noContent, ifMatch: .optional
        ),
        "GET /api/v1/companies/{company}/instantFlowRuns/{runId}": APIOperation(
            id: "getInstantFlowRun", summary: "Get an instant flow run's delivery", tag: "Instant flows", answer: .ok("InstantFlowRun")
        ),
        // Scheduled flows
        "GET /api/v1/companies/{company}/scheduledFlows": APIOperation(
            id: "listScheduledFlows", summary: "List scheduled flows", tag: "Scheduled flows", answer: .page("ScheduledFlow")
        ),
        "POST /api/v1/companies/{company}/scheduledFlows": APIOperation(
            id: "createScheduledFlow", summary: "Create a scheduled flow", tag: "Scheduled flows", body: "ScheduledFlowInput",
            answer: .created("ScheduledFlowCreated")
        ),
        "GET /api/v1/companies/{company}/scheduledFlows/{id}": APIOperation(
            id: "getScheduledFlow", summary: "Get a scheduled flow", tag: "Scheduled flows", answer: .ok("ScheduledFlow")
        ),
        "PATCH /api/v1/companies/{company}/scheduledFlows/{id}": APIOperation(
            id: "updateScheduledFlow", summary: "Change a scheduled flow", tag: "Scheduled flows", body: "ScheduledFlowChangeInput",
            answer: .ok("ScheduledFlow"), ifMatch: .optional
        ),
        "DELETE /api/v1/companies/{company}/scheduledFlows/{id}": APIOperation(
            id: "deleteScheduledFlow", summary: "Delete a scheduled flow", tag: "Scheduled flows", answer: .noContent, ifMatch: .optional
        ),
        "GET /api/v1/companies/{company}/scheduledFlows/{id}/runs": APIOperation(
            id: "listScheduledFlowRuns", summary: "List a scheduled flow's runs, newest first", tag: "Scheduled flows",
            answer: .page("ScheduledFlowRun")
        ),
        // Automated flows
        "POST /api/v1/subscriptions": APIOperation(
            id: "createSubscription", summary: "Subscribe to record changes (after the validation handshake)", tag: "Automated flows",
            body: "RecordSubscriptionInput", answer: .created("RecordSubscriptionCreated")
        ),
        "GET /api/v1/subscriptions": APIOperation(
            id: "listSubscriptions", summary: "List record-change subscriptions", tag: "Automated flows", answer: .page("RecordSubscription"),
            query: [Q(name: "includeDeleted", schema: Schema.boolean, description: "Also those deleted in the last 30 days, with why.")]
        ),
        "GET /api/v1/subscriptions/{id}": APIOperation(
            id: "getSubscription", summary: "Get a record-change subscription", tag: "Automated flows", answer: .ok("RecordSubscription")
        ),
        "PATCH /api/v1/subscriptions/{id}": APIOperation(
            id: "renewSubscription", summary: "Renew a record-change subscription", tag: "Automated flows",
            body: "RecordSubscriptionRenewalInput", bodyRequired: false, answer: .ok("RecordSubscription"), ifMatch: .required
        ),
        "DELETE /api/v1/subscriptions/{id}": APIOperation(
            id: "deleteSubscription", summary: "End a record-change subscription", tag: "Automated flows", answer: .noContent, ifMatch: .optional
        ),
        // Workflows
        "GET /api/v1/companies/{company}/workflows": APIOperation(id: "listWorkflows", summary: "List workflows", tag: "Workflows", answer: .page("Workflow")),
        "GET /api/v1/companies/{company}/workflows/{code}": APIOperation(id: "getWorkflow", summary: "Get a workflow", tag: "Workflows", answer: .ok("Workflow")),
        "PUT /api/v1/companies/{company}/workflows/{code}": APIOperation(
            id: "putWorkflow", summary: "Create or replace a workflow", tag: "Workflows", body: "WorkflowReplaceInput",
            answer: .createdOrReplaced("Workflow"), ifMatch: .optional
        ),
        "DELETE /api/v1/companies/{company}/workflows/{code}": APIOperation(
            id: "deleteWorkflow", summary: "Delete a workflow", tag: "Workflows", answer: .noContent, ifMatch: .optional
        ),
        "POST /api/v1/companies/{company}/workflows/{code}/enable": APIOperation(
            id: "enableWorkflow", summary: "Enable a workflow", tag: "Workflows", answer: .ok("Workflow"), ifMatch: .optional
        ),
        "POST /api/v1/companies/{company}/workflows/{code}/disable": APIOperation(
            id: "disableWorkflow", summary: "Disable a workflow", tag: "Workflows", answer: .ok("Workflow"), ifMatch: .optional
        ),
        "GET /api/v1/companies/{company}/workflows/{code}/export": APIOperation(
            id: "exportWorkflow", summary: "Export a workflow", tag: "Workflows", answer: .ok("WorkflowDocument")
        ),
        "GET /api/v1/companies/{company}/workflows/export": APIOperation(
            id: "exportWorkflows", summary: "Export workflows", tag: "Workflows", answer: .ok("WorkflowDocument"),
            query: [
                Q(name: "code", schema: Schema.string, description: "Only these workflows (repeatable); all when left out.", repeated: true),
                Q(name: "includeTemplates", schema: Schema.boolean, description: "Also the MS- templates."),
            ]
        ),
        "POST /api/v1/companies/{company}/workflows/import": APIOperation(
            id: "importWorkflows", summary: "Import workflows (a document, or one workflow)", tag: "Workflows", body: "WorkflowImportInput",
            answer: .list("Workflow")
        ),
        "GET /api/v1/companies/{company}/workflowTemplates": APIOperation(
            id: "listWorkflowTemplates", summary: "List the MS- workflow templates", tag: "Workflows", answer: .list("Workflow")
        ),
        "POST /api/v1/companies/{company}/workflowTemplates/{code}/copy": APIOperation(
            id: "copyWorkflowTemplate", summary: "Copy a template into a workflow", tag: "Workflows", body: "TemplateCopyInput",
            answer: .created("Workflow")
        ),
        "GET /api/v1/workflowEvents": APIOperation(
            id: "listWorkflowEvents", summary: "The workflow event catalogue", tag: "Workflows", answer: .list("WorkflowEventDefinition")
        ),
        "GET /api/v1/workflowResponses": APIOperation(
            id: "listWorkflowResponses", summary: "The workflow response catalogue", tag: "Workflows", answer: .list("WorkflowResponseDefinition")
        ),
        "GET /api/v1/companies/{company}/workflowStepInstances": APIOperation(
            id: "listWorkflowStepInstances", summary: "List workflow step instances", tag: "Workflows", answer: .page("WorkflowStepInstance"),
            query: [recordIdQuery]
        ),
        "POST /api/v1/companies/{company}/workflowStepInstances/archive": APIOperation(
            id: "archiveWorkflowStepInstances", summary: "Archive finished workflow runs", tag: "Workflows", answer: .ok("ArchiveResult")
        ),
        "GET /api/v1/companies/{company}/archivedWorkflowStepInstances": APIOperation(
            id: "listArchivedWorkflowStepInstances", summary: "List archived workflow step instances", tag: "Workflows",
            answer: .page("WorkflowStepInstance"), query: [recordIdQuery]
        ),
        // Approvals
        "GET /api/v1/companies/{company}/approvalEntries": APIOperation(
            id: "listApprovalEntries", summary: "List approval entries", tag: "Approvals", answer: .page("ApprovalEntry"),
            query: [
                Q(name: "status", schema: Schema.oneOf(ApprovalStatus.self), description: "Only entries with this status (any letter case)."),
                Q(name: "approverId", schema: Schema.string, description: "Only entries for this approver."),
                recordIdQuery,
            ]
        ),
        "GET /api/v1/companies/{company}/approvalEntries/{entryNo}": APIOperation(
            id: "getApprovalEntry", summary: "Get an approval entry", tag: "Approvals", answer: .ok("ApprovalEntry")
        ),
        "POST /api/v1/companies/{company}/approvalEntries/{entryNo}/approve": APIOperation(
            id: "approveApprovalEntry", summary: "Approve a request", tag: "Approvals", body: "DecisionInput", bodyRequired: false,
            answer: .ok("ApprovalEntry")
        ),
        "POST /api/v1/companies/{company}/approvalEntries/{entryNo}/reject": APIOperation(
            id: "rejectApprovalEntry", summary: "Reject a request", tag: "Approvals", body: "DecisionInput", bodyRequired: false,
            answer: .ok("ApprovalEntry")
        ),
        "POST /api/v1/companies/{company}/approvalEntries/{entryNo}/delegate": APIOperation(
            id: "delegateApprovalEntry", summary: "Delegate a request to the approver's substitute", tag: "Approvals", body: "DecisionInput",
            bodyRequired: false, answer: .ok("ApprovalEntry")
        ),
        "GET /api/v1/companies/{company}/notificationEntries": APIOperation(
            id: "listNotificationEntries", summary: "List notification entries", tag: "Approvals", answer: .page("NotificationEntry"),
            query: [Q(name: "recipientUserId", schema: Schema.string, description: "Only those for this user.")]
        ),
        // The Flow connector
        "POST /api/v1/companies/{company}/workflowWebhookSubscriptions": APIOperation(
            id: "createWorkflowWebhookSubscription", summary: "Subscribe to an approval event (registers a workflow)", tag: "Flow connector",
            body: "WorkflowWebhookSubscriptionInput", answer: .created("WorkflowWebhookSubscriptionCreated")
        ),
        "POST /api/v1/companies/{company}/{entitySet}/approvalRequestedSubscriptions": APIOperation(
            id: "createApprovalRequestedSubscription",
            summary: "Subscribe to the approval requests of one entity set (the event is implied; one path per record type)",
            tag: "Flow connector", body: "ApprovalRequestedSubscriptionInput", answer: .created("WorkflowWebhookSubscriptionCreated")
        ),
        "GET /api/v1/companies/{company}/workflowWebhookSubscriptions": APIOperation(
            id: "listWorkflowWebhookSubscriptions", summary: "List approval event subscriptions", tag: "Flow connector",
            answer: .page("WorkflowWebhookSubscription")
        ),
        "GET /api/v1/companies/{company}/workflowWebhookSubscriptions/{id}": APIOperation(
            id: "getWorkflowWebhookSubscription", summary: "Get an approval event subscription", tag: "Flow connector",
            answer: .ok("WorkflowWebhookSubscription")
        ),
        "DELETE /api/v1/companies/{company}/workflowWebhookSubscriptions/{id}": APIOperation(
            id: "deleteWorkflowWebhookSubscription", summary: "Unsubscribe from an approval event", tag: "Flow connector", answer: .noContent
        ),
        "POST /api/v1/companies/{company}/workflowWebhookSubscriptions/{id}/rotateSecret": APIOperation(
            id: "rotateWorkflowWebhookSecret", summary: "Rotate a subscription's signing secret", tag: "Flow connector",
            answer: .ok("WorkflowWebhookSubscriptionCreated")
        ),
        "POST /api/v1/workflowActionResponse/{workflowStepId}/approve": APIOperation(
            id: "approveFlowRequest", summary: "Approve a request sent to an automation platform", tag: "Flow connector",
            answer: .ok("FlowCallbackResult")
        ),
        "POST /api/v1/workflowActionResponse/{workflowStepId}/reject": APIOperation(
            id: "rejectFlowRequest", summary: "Reject a request sent to an automation platform", tag: "Flow connector",
            answer: .ok("FlowCallbackResult")
        ),
        "POST /api/v1/workflowActionResponse/{workflowStepId}/cancel": APIOperation(
            id: "cancelFlowRequest", summary: "Cancel a request sent to an automation platform", tag: "Flow connector",
            answer: .ok("FlowCallbackResult")
        ),
        "GET /api/v1/companies/{company}/workflowWebhookEntries": APIOperation(
            id: "listFlowEntries", summary: "List Flow entries", tag: "Flow connector", answer: .page("WorkflowWebhookEntry"),
            query: [recordIdQuery, Q(name: "response", schema: Schema.oneOf(WebhookResponse.self), description: "Only entries with this response.")]
        ),
        "GET /api/v1/companies/{company}/workflowWebhookEntries/{entryNo}": APIOperation(
            id: "getFlowEntry", summary: "Get a Flow entry", tag: "Flow connector", answer: .ok("WorkflowWebhookEntry")
        ),
        "POST /api/v1/companies/{company}/workflowWebhookEntries/{entryNo}/resubmit": APIOperation(
            id: "resubmitFlowEntry", summary: "Send a failed Flow entry's request again", tag: "Flow connector", answer: .ok("WorkflowWebhookEntry")
        ),
        // Deliveries
        "GET /api/v1/deliveries": APIOperation(
            id: "listDeliveries", summary: "List outbound messages", tag: "Deliveries", answer: .page("Delivery"),
            query: [
                Q(name: "status", schema: Schema.oneOf(DeliveryStatus.self), description: "Only messages with this status."),
                Q(name: "subscriptionId", schema: Schema.uuid, description: "Only messages of this subscription."),
            ]
        ),
        "GET /api/v1/deliveries/{id}": APIOperation(
            id: "getDelivery", summary: "Get an outbound message with its attempts", tag: "Deliveries", answer: .ok("DeliveryWithAttempts")
        ),
        "POST /api/v1/deliveries/{id}/retry": APIOperation(id: "retryDelivery", summary: "Retry a failed message", tag: "Deliveries", answer: .ok("Delivery")),
    ]
}
