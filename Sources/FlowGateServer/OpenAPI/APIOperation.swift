/// How the OpenAPI document describes one route: its operation id, summary and answer.
struct APIOperation: Sendable {
    var id: String
    var summary: String
    var tag: String
    var success: Int = 200
    /// A paged list: `?limit=&cursor=`.
    var list = false
    var hasBody = true
    var bodyRequired = true
    var authenticated = true
    var contentType = "application/json"

    /// A route with no entry: documented with a generated id, so the document stays whole; tests fail on it.
    static func undocumented(_ route: OpenAPIDocument.Route) -> APIOperation {
        let id = route.method.lowercased() + route.path.split(separator: "/").map { $0.filter { $0.isLetter || $0.isNumber }.capitalized }.joined()
        return APIOperation(id: id, summary: "\(route.method) \(route.openAPIPath)", tag: "Undocumented")
    }

    /// Every route, keyed as `METHOD /openapi/{path}`.
    static let all: [String: APIOperation] = [
        "GET /health/live": APIOperation(id: "getLive", summary: "The process is up", tag: "Operations", authenticated: false),
        "GET /health/ready": APIOperation(id: "getReady", summary: "The store answers (503 when it does not)", tag: "Operations", authenticated: false),
        "GET /metrics": APIOperation(id: "getMetrics", summary: "Prometheus metrics", tag: "Operations", authenticated: false, contentType: "text/plain"),
        "GET /openapi.json": APIOperation(id: "getOpenAPI", summary: "This OpenAPI document", tag: "Operations", authenticated: false),
        "GET /api/v1/companies": APIOperation(id: "listCompanies", summary: "List the companies the key reaches", tag: "Companies", list: true),
        "POST /api/v1/companies": APIOperation(id: "createCompany", summary: "Create a company", tag: "Companies", success: 201),
        "GET /api/v1/companies/{company}": APIOperation(id: "getCompany", summary: "Get a company by id or name", tag: "Companies"),
        "PATCH /api/v1/companies/{company}": APIOperation(id: "updateCompany", summary: "Change a company's settings (automationEnabled)", tag: "Companies"),
        "GET /api/v1/users": APIOperation(id: "listUsers", summary: "List users", tag: "Users", list: true),
        "POST /api/v1/users": APIOperation(id: "createUser", summary: "Create a user", tag: "Users", success: 201),
        "GET /api/v1/users/{user}": APIOperation(id: "getUser", summary: "Get a user", tag: "Users"),
        "PATCH /api/v1/users/{user}": APIOperation(id: "updateUser", summary: "Change a user", tag: "Users"),
        "GET /api/v1/users/{user}/apiKeys": APIOperation(id: "listApiKeys", summary: "List a user's API keys", tag: "Users"),
        "POST /api/v1/users/{user}/apiKeys": APIOperation(id: "createApiKey", summary: "Create an API key (shown once)", tag: "Users", success: 201),
        "DELETE /api/v1/users/{user}/apiKeys/{id}": APIOperation(id: "deleteApiKey", summary: "Delete an API key", tag: "Users", success: 204),
        "GET /api/v1/companies/{company}/approvalUserSetup": APIOperation(id: "listApprovalUserSetup", summary: "List approval user setup", tag: "Setup", list: true),
        "GET /api/v1/companies/{company}/approvalUserSetup/{user}": APIOperation(id: "getApprovalUserSetup", summary: "Get a user's approval setup", tag: "Setup"),
        "PUT /api/v1/companies/{company}/approvalUserSetup/{user}": APIOperation(id: "putApprovalUserSetup", summary: "Create or replace a user's approval setup", tag: "Setup"),
        "DELETE /api/v1/companies/{company}/approvalUserSetup/{user}": APIOperation(id: "deleteApprovalUserSetup", summary: "Delete a user's approval setup", tag: "Setup", success: 204),
        "GET /api/v1/companies/{company}/workflowUserGroups": APIOperation(id: "listWorkflowUserGroups", summary: "List workflow user groups", tag: "Setup", list: true),
        "GET /api/v1/companies/{company}/workflowUserGroups/{code}": APIOperation(id: "getWorkflowUserGroup", summary: "Get a workflow user group", tag: "Setup"),
        "PUT /api/v1/companies/{company}/workflowUserGroups/{code}": APIOperation(id: "putWorkflowUserGroup", summary: "Create or replace a workflow user group", tag: "Setup"),
        "DELETE /api/v1/companies/{company}/workflowUserGroups/{code}": APIOperation(id: "deleteWorkflowUserGroup", summary: "Delete a workflow user group", tag: "Setup", success: 204),
        "GET /api/v1/companies/{company}/salespersonsPurchasers": APIOperation(id: "listSalespersonsPurchasers", summary: "List salespersons/purchasers", tag: "Setup", list: true),
        "GET /api/v1/companies/{company}/salespersonsPurchasers/{code}": APIOperation(id: "getSalespersonPurchaser", summary: "Get a salesperson/purchaser", tag: "Setup"),
        "PUT /api/v1/companies/{company}/salespersonsPurchasers/{code}": APIOperation(id: "putSalespersonPurchaser", summary: "Create or replace a salesperson/purchaser", tag: "Setup"),
        "DELETE /api/v1/companies/{company}/salespersonsPurchasers/{code}": APIOperation(id: "deleteSalespersonPurchaser", summary: "Delete a salesperson/purchaser", tag: "Setup", success: 204),
        "GET /api/v1/companies/{company}/{entitySet}": APIOperation(id: "listRecords", summary: "List the records of an entity set", tag: "Records", list: true),
        "POST /api/v1/companies/{company}/{entitySet}": APIOperation(id: "createRecord", summary: "Create a record", tag: "Records", success: 201),
        "GET /api/v1/companies/{company}/{entitySet}/{id}": APIOperation(id: "getRecord", summary: "Get a record", tag: "Records"),
        "PATCH /api/v1/companies/{company}/{entitySet}/{id}": APIOperation(id: "updateRecord", summary: "Change a record (If-Match)", tag: "Records"),
        "DELETE /api/v1/companies/{company}/{entitySet}/{id}": APIOperation(id: "deleteRecord", summary: "Delete a record", tag: "Records", success: 204),
        "POST /api/v1/companies/{company}/{entitySet}/{id}/sendApprovalRequest": APIOperation(id: "sendApprovalRequest", summary: "Send a record for approval", tag: "Approvals", bodyRequired: false),
        "POST /api/v1/companies/{company}/{entitySet}/{id}/cancelApprovalRequest": APIOperation(id: "cancelApprovalRequest", summary: "Cancel a record's approval request", tag: "Approvals", bodyRequired: false),
        "GET /api/v1/companies/{company}/{entitySet}/{id}/automate": APIOperation(id: "listAutomateMenu", summary: "The record's Automate menu: instant flows a person can run", tag: "Instant flows"),
        "POST /api/v1/companies/{company}/{entitySet}/{id}/automate/{flowId}": APIOperation(id: "runInstantFlow", summary: "Run an instant flow on the record", tag: "Instant flows", success: 202, bodyRequired: false),
        "GET /api/v1/companies/{company}/instantFlows": APIOperation(id: "listInstantFlows", summary: "List instant flows", tag: "Instant flows", list: true),
        "POST /api/v1/companies/{company}/instantFlows": APIOperation(id: "createInstantFlow", summary: "Define an instant flow", tag: "Instant flows", success: 201),
        "GET /api/v1/companies/{company}/instantFlows/{id}": APIOperation(id: "getInstantFlow", summary: "Get an instant flow", tag: "Instant flows"),
        "PATCH /api/v1/companies/{company}/instantFlows/{id}": APIOperation(id: "updateInstantFlow", summary: "Change an instant flow", tag: "Instant flows"),
        "DELETE /api/v1/companies/{company}/instantFlows/{id}": APIOperation(id: "deleteInstantFlow", summary: "Delete an instant flow", tag: "Instant flows", success: 204),
        "GET /api/v1/companies/{company}/instantFlowRuns/{runId}": APIOperation(id: "getInstantFlowRun", summary: "Get an instant flow run's delivery", tag: "Instant flows"),
        "GET /api/v1/companies/{company}/scheduledFlows": APIOperation(id: "listScheduledFlows", summary: "List scheduled flows", tag: "Scheduled flows", list: true),
        "POST /api/v1/companies/{company}/scheduledFlows": APIOperation(id: "createScheduledFlow", summary: "Create a scheduled flow", tag: "Scheduled flows", success: 201),
        "GET /api/v1/companies/{company}/scheduledFlows/{id}": APIOperation(id: "getScheduledFlow", summary: "Get a scheduled flow", tag: "Scheduled flows"),
        "PATCH /api/v1/companies/{company}/scheduledFlows/{id}": APIOperation(id: "updateScheduledFlow", summary: "Change a scheduled flow", tag: "Scheduled flows"),
        "DELETE /api/v1/companies/{company}/scheduledFlows/{id}": APIOperation(id: "deleteScheduledFlow", summary: "Delete a scheduled flow", tag: "Scheduled flows", success: 204),
        "GET /api/v1/companies/{company}/scheduledFlows/{id}/runs": APIOperation(id: "listScheduledFlowRuns", summary: "List a scheduled flow's runs, newest first", tag: "Scheduled flows", list: true),
        "POST /api/v1/subscriptions": APIOperation(id: "createSubscription", summary: "Subscribe to record changes (after the validation handshake)", tag: "Automated flows", success: 201),
        "GET /api/v1/subscriptions": APIOperation(id: "listSubscriptions", summary: "List record-change subscriptions", tag: "Automated flows", list: true),
        "GET /api/v1/subscriptions/{id}": APIOperation(id: "getSubscription", summary: "Get a record-change subscription", tag: "Automated flows"),
        "PATCH /api/v1/subscriptions/{id}": APIOperation(id: "renewSubscription", summary: "Renew a record-change subscription (If-Match)", tag: "Automated flows", bodyRequired: false),
        "DELETE /api/v1/subscriptions/{id}": APIOperation(id: "deleteSubscription", summary: "End a record-change subscription", tag: "Automated flows", success: 204),
        "GET /api/v1/companies/{company}/workflows": APIOperation(id: "listWorkflows", summary: "List workflows", tag: "Workflows", list: true),
        "GET /api/v1/companies/{company}/workflows/{code}": APIOperation(id: "getWorkflow", summary: "Get a workflow", tag: "Workflows"),
        "PUT /api/v1/companies/{company}/workflows/{code}": APIOperation(id: "putWorkflow", summary: "Create or replace a workflow", tag: "Workflows"),
        "DELETE /api/v1/companies/{company}/workflows/{code}": APIOperation(id: "deleteWorkflow", summary: "Delete a workflow", tag: "Workflows", success: 204),
        "POST /api/v1/companies/{company}/workflows/{code}/enable": APIOperation(id: "enableWorkflow", summary: "Enable a workflow", tag: "Workflows", hasBody: false),
        "POST /api/v1/companies/{company}/workflows/{code}/disable": APIOperation(id: "disableWorkflow", summary: "Disable a workflow", tag: "Workflows", hasBody: false),
        "GET /api/v1/companies/{company}/workflows/{code}/export": APIOperation(id: "exportWorkflow", summary: "Export a workflow", tag: "Workflows"),
        "GET /api/v1/companies/{company}/workflows/export": APIOperation(id: "exportWorkflows", summary: "Export workflows", tag: "Workflows"),
        "POST /api/v1/companies/{company}/workflows/import": APIOperation(id: "importWorkflows", summary: "Import workflows", tag: "Workflows"),
        "GET /api/v1/companies/{company}/workflowTemplates": APIOperation(id: "listWorkflowTemplates", summary: "List the MS- workflow templates", tag: "Workflows", list: true),
        "POST /api/v1/companies/{company}/workflowTemplates/{code}/copy": APIOperation(id: "copyWorkflowTemplate", summary: "Copy a template into a workflow", tag: "Workflows", success: 201),
        "GET /api/v1/workflowEvents": APIOperation(id: "listWorkflowEvents", summary: "The workflow event catalogue", tag: "Workflows"),
        "GET /api/v1/workflowResponses": APIOperation(id: "listWorkflowResponses", summary: "The workflow response catalogue", tag: "Workflows"),
        "GET /api/v1/companies/{company}/workflowStepInstances": APIOperation(id: "listWorkflowStepInstances", summary: "List workflow step instances", tag: "Workflows", list: true),
        "POST /api/v1/companies/{company}/workflowStepInstances/archive": APIOperation(id: "archiveWorkflowStepInstances", summary: "Archive finished workflow runs", tag: "Workflows", hasBody: false),
        "GET /api/v1/companies/{company}/archivedWorkflowStepInstances": APIOperation(id: "listArchivedWorkflowStepInstances", summary: "List archived workflow step instances", tag: "Workflows", list: true),
        "GET /api/v1/companies/{company}/approvalEntries": APIOperation(id: "listApprovalEntries", summary: "List approval entries", tag: "Approvals", list: true),
        "GET /api/v1/companies/{company}/approvalEntries/{entryNo}": APIOperation(id: "getApprovalEntry", summary: "Get an approval entry", tag: "Approvals"),
        "POST /api/v1/companies/{company}/approvalEntries/{entryNo}/approve": APIOperation(id: "approveApprovalEntry", summary: "Approve a request", tag: "Approvals", bodyRequired: false),
        "POST /api/v1/companies/{company}/approvalEntries/{entryNo}/reject": APIOperation(id: "rejectApprovalEntry", summary: "Reject a request", tag: "Approvals", bodyRequired: false),
        "POST /api/v1/companies/{company}/approvalEntries/{entryNo}/delegate": APIOperation(id: "delegateApprovalEntry", summary: "Delegate a request to the approver's substitute", tag: "Approvals", bodyRequired: false),
        "GET /api/v1/companies/{company}/notificationEntries": APIOperation(id: "listNotificationEntries", summary: "List notification entries", tag: "Approvals", list: true),
        "POST /api/v1/companies/{company}/workflowWebhookSubscriptions": APIOperation(id: "createWorkflowWebhookSubscription", summary: "Subscribe to an approval event (registers a workflow)", tag: "Flow connector", success: 201),
        "GET /api/v1/companies/{company}/workflowWebhookSubscriptions": APIOperation(id: "listWorkflowWebhookSubscriptions", summary: "List approval event subscriptions", tag: "Flow connector", list: true),
        "GET /api/v1/companies/{company}/workflowWebhookSubscriptions/{id}": APIOperation(id: "getWorkflowWebhookSubscription", summary: "Get an approval event subscription", tag: "Flow connector"),
        "DELETE /api/v1/companies/{company}/workflowWebhookSubscriptions/{id}": APIOperation(id: "deleteWorkflowWebhookSubscription", summary: "Unsubscribe from an approval event", tag: "Flow connector", success: 204),
        "POST /api/v1/companies/{company}/workflowWebhookSubscriptions/{id}/rotateSecret": APIOperation(id: "rotateWorkflowWebhookSecret", summary: "Rotate a subscription's signing secret", tag: "Flow connector", hasBody: false),
        "POST /api/v1/workflowActionResponse/{workflowStepId}/approve": APIOperation(id: "approveFlowRequest", summary: "Approve a request sent to an automation platform", tag: "Flow connector", bodyRequired: false),
        "POST /api/v1/workflowActionResponse/{workflowStepId}/reject": APIOperation(id: "rejectFlowRequest", summary: "Reject a request sent to an automation platform", tag: "Flow connector", bodyRequired: false),
        "POST /api/v1/workflowActionResponse/{workflowStepId}/cancel": APIOperation(id: "cancelFlowRequest", summary: "Cancel a request sent to an automation platform", tag: "Flow connector", bodyRequired: false),
        "GET /api/v1/companies/{company}/workflowWebhookEntries": APIOperation(id: "listFlowEntries", summary: "List Flow entries", tag: "Flow connector", list: true),
        "GET /api/v1/companies/{company}/workflowWebhookEntries/{entryNo}": APIOperation(id: "getFlowEntry", summary: "Get a Flow entry", tag: "Flow connector"),
        "POST /api/v1/companies/{company}/workflowWebhookEntries/{entryNo}/resubmit": APIOperation(id: "resubmitFlowEntry", summary: "Send a failed Flow entry's request again", tag: "Flow connector", hasBody: false),
        "GET /api/v1/deliveries": APIOperation(id: "listDeliveries", summary: "List outbound messages", tag: "Deliveries", list: true),
        "GET /api/v1/deliveries/{id}": APIOperation(id: "getDelivery", summary: "Get an outbound message with its attempts", tag: "Deliveries"),
        "POST /api/v1/deliveries/{id}/retry": APIOperation(id: "retryDelivery", summary: "Retry a failed message", tag: "Deliveries", hasBody: false),
    ]
}
