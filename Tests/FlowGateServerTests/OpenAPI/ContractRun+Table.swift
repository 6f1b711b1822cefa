import FlowGateCore
import FlowGateDelivery
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

// The table: one real call per documented operation.

extension ContractRun {
    /// Values a description writes literally where the table's key has a parameter: the Swagger definition's
    /// `.../customers/approvalRequestedSubscriptions` binds `entitySet` to `customers`.
    typealias Bindings = [String: String]
    typealias Entry = (key: String, call: @Sendable (ContractFixture, Bindings) throws -> ContractCall)

    private static let company = companyPath
    private static let workflowDocument = #"{"workflows": [{"code": "CT-IMPORTED", "description": "Imported", "steps": []}]}"#

    /// How to call each operation, keyed `METHOD /path/{template}` as the document names it; in the order the calls are
    /// made, deletes last. A documented operation missing here fails the contract test.
    static let table: [Entry] = [
        // Operations
        ("GET /health/live", { _, _ in ContractCall(.get, "/health/live", key: nil) }),
        ("GET /health/ready", { _, _ in ContractCall(.get, "/health/ready", key: nil) }),
        ("GET /metrics", { _, _ in ContractCall(.get, "/metrics", key: nil) }),
        ("GET /openapi.json", { _, _ in ContractCall(.get, "/openapi.json", key: nil) }),
        // Companies and users
        ("GET /api/v1/companies", { _, _ in ContractCall(.get, "/api/v1/companies") }),
        ("POST /api/v1/companies", { _, _ in
            ContractCall(.post, "/api/v1/companies", body: #"{"name": "CONTRACT-CO", "displayName": "Contract Ltd", "localCurrencyCode": "EUR"}"#)
        }),
        ("GET /api/v1/companies/{company}", { _, _ in ContractCall(.get, company) }),
        ("PATCH /api/v1/companies/{company}", { _, _ in ContractCall(.patch, company, body: #"{"automationEnabled": true}"#) }),
        ("GET /api/v1/users", { _, _ in ContractCall(.get, "/api/v1/users") }),
        ("POST /api/v1/users", { _, _ in
            ContractCall(.post, "/api/v1/users", body: #"{"userName": "ERIN", "fullName": "Erin", "email": "erin@cronus.example", "state": "enabled"}"#)
        }),
        ("GET /api/v1/users/{user}", { _, _ in ContractCall(.get, "/api/v1/users/DAVE") }),
        ("PATCH /api/v1/users/{user}", { _, _ in ContractCall(.patch, "/api/v1/users/DAVE", body: #"{"fullName": "Dave Contract"}"#) }),
        ("GET /api/v1/users/{user}/apiKeys", { _, _ in ContractCall(.get, "/api/v1/users/DAVE/apiKeys") }),
        ("POST /api/v1/users/{user}/apiKeys", { _, _ in ContractCall(.post, "/api/v1/users/DAVE/apiKeys", body: #"{"role": "user", "companies": ["CRONUS"]}"#) }),
        // Approval setup
        ("GET /api/v1/companies/{company}/approvalUserSetup", { _, _ in ContractCall(.get, "\(company)/approvalUserSetup") }),
        ("GET /api/v1/companies/{company}/approvalUserSetup/{user}", { _, _ in ContractCall(.get, "\(company)/approvalUserSetup/BOB") }),
        ("PUT /api/v1/companies/{company}/approvalUserSetup/{user}", { _, _ in
            ContractCall(.put, "\(company)/approvalUserSetup/DAVE", body: #"{"approverId": "BOB", "salesAmountApprovalLimit": 250}"#, expecting: 201)
        }),
        ("GET /api/v1/companies/{company}/workflowUserGroups", { _, _ in ContractCall(.get, "\(company)/workflowUserGroups") }),
        ("GET /api/v1/companies/{company}/workflowUserGroups/{code}", { _, _ in ContractCall(.get, "\(company)/workflowUserGroups/CT-GROUP") }),
        ("PUT /api/v1/companies/{company}/workflowUserGroups/{code}", { _, _ in
            ContractCall(.put, "\(company)/workflowUserGroups/CT-NEW", body: #"{"description": "New", "members": [{"userName": "CAROL"}]}"#, expecting: 201)
        }),
        ("GET /api/v1/companies/{company}/salespersonsPurchasers", { _, _ in ContractCall(.get, "\(company)/salespersonsPurchasers") }),
        ("GET /api/v1/companies/{company}/salespersonsPurchasers/{code}", { _, _ in ContractCall(.get, "\(company)/salespersonsPurchasers/AL") }),
        ("PUT /api/v1/companies/{company}/salespersonsPurchasers/{code}", { _, _ in
            ContractCall(.put, "\(company)/salespersonsPurchasers/CTNEW", body: #"{"name": "New Person", "email": "new@cronus.example"}"#, expecting: 201)
        }),
        // Records
        ("GET /api/v1/companies/{company}/{entitySet}", { _, _ in ContractCall(.get, "\(company)/salesDocuments") }),
        ("POST /api/v1/companies/{company}/{entitySet}", { _, _ in
            ContractCall(
                .post, "\(company)/salesDocuments", key: "integration",
                body: #"{"documentType": "Invoice", "salespersonPurchaserCode": "BO", "currencyCode": "EUR", "currencyFactor": 0.9, "fields": {"customerNumber": "C10000"}, "lines": [{"type": "Item", "number": "1896-S", "quantity": 1, "unitPrice": 99.5}]}"#
            )
        }),
        ("GET /api/v1/companies/{company}/{entitySet}/{id}", { f, _ in ContractCall(.get, "\(company)/salesDocuments/\(f.salesOrder)") }),
        ("PATCH /api/v1/companies/{company}/{entitySet}/{id}", { f, _ in
            ContractCall(.patch, "\(company)/customers/\(f.customer)", key: "integration", body: #"{"fields": {"phone": "+1 555 0100"}}"#)
        }),
        // Instant flows
        ("GET /api/v1/companies/{company}/{entitySet}/{id}/automate", { f, _ in ContractCall(.get, "\(company)/customers/\(f.customer)/automate", key: "ALICE") }),
        ("POST /api/v1/companies/{company}/{entitySet}/{id}/automate/{flowId}", { f, _ in
            ContractCall(
                .post, "\(company)/customers/\(f.customer)/automate/\(f.instantFlow)", key: "ALICE",
                body: #"{"inputs": {"priority": "high", "note": "Contract"}}"#
            )
        }),
        ("GET /api/v1/companies/{company}/instantFlows", { _, _ in ContractCall(.get, "\(company)/instantFlows") }),
        ("POST /api/v1/companies/{company}/instantFlows", { f, _ in
            ContractCall(
                .post, "\(company)/instantFlows",
                body: try json([
                    "name": "Table flow", "target": "salesDocuments", "notificationUrl": f.receiverURL,
                    "inputs": [["name": "until", "type": "date", "required": false]],
                ])
            )
        }),
        ("GET /api/v1/companies/{company}/instantFlows/{id}", { f, _ in ContractCall(.get, "\(company)/instantFlows/\(f.instantFlow)") }),
        ("PATCH /api/v1/companies/{company}/instantFlows/{id}", { f, _ in
            ContractCall(.patch, "\(company)/instantFlows/\(f.instantFlow)", body: #"{"description": "Changed"}"#)
        }),
        ("GET /api/v1/companies/{company}/instantFlowRuns/{runId}", { f, _ in ContractCall(.get, "\(company)/instantFlowRuns/\(f.instantFlowRun)") }),
        // Scheduled flows
        ("GET /api/v1/companies/{company}/scheduledFlows", { _, _ in ContractCall(.get, "\(company)/scheduledFlows") }),
        ("POST /api/v1/companies/{company}/scheduledFlows", { f, _ in
            ContractCall(
                .post, "\(company)/scheduledFlows", key: "integration",
                body: try json([
                    "name": "Weekly", "notificationUrl": f.receiverURL,
                    "recurrence": ["frequency": "week", "interval": 1, "weekDays": ["monday"], "atHours": [6], "atMinutes": [30], "timeZone": "UTC"],
                ])
            )
        }),
        ("GET /api/v1/companies/{company}/scheduledFlows/{id}", { f, _ in ContractCall(.get, "\(company)/scheduledFlows/\(f.scheduledFlow)") }),
        ("PATCH /api/v1/companies/{company}/scheduledFlows/{id}", { f, _ in
            ContractCall(.patch, "\(company)/scheduledFlows/\(f.scheduledFlow)", key: "integration", body: #"{"name": "Soon, renamed"}"#)
        }),
        ("GET /api/v1/companies/{company}/scheduledFlows/{id}/runs", { f, _ in ContractCall(.get, "\(company)/scheduledFlows/\(f.scheduledFlow)/runs") }),
        // Automated flows
        ("POST /api/v1/subscriptions", { f, _ in
            ContractCall(
                .post, "/api/v1/subscriptions", key: "integration",
                body: try json(["notificationUrl": f.receiverURL, "resource": "/api/v1/companies/\(f.companyId)/vendors", "clientState": "table"])
            )
        }),
        ("GET /api/v1/subscriptions", { _, _ in ContractCall(.get, "/api/v1/subscriptions?includeDeleted=true", key: "integration") }),
        ("GET /api/v1/subscriptions/{id}", { f, _ in ContractCall(.get, "/api/v1/subscriptions/\(f.recordSubscription)", key: "integration") }),
        ("PATCH /api/v1/subscriptions/{id}", { f, _ in
            ContractCall(
                .patch, "/api/v1/subscriptions/\(f.recordSubscription)", key: "integration", body: #"{"clientState": "renewed"}"#,
                headers: [.ifMatch: f.recordSubscriptionETag]
            )
        }),
        // Workflows
        ("GET /api/v1/companies/{company}/workflows", { _, _ in ContractCall(.get, "\(company)/workflows") }),
        ("GET /api/v1/companies/{company}/workflows/{code}", { _, _ in ContractCall(.get, "\(company)/workflows/CT-SOAPW") }),
        ("PUT /api/v1/companies/{company}/workflows/{code}", { _, _ in
            ContractCall(.put, "\(company)/workflows/CT-PUT", body: #"{"description": "Put by the contract test", "steps": []}"#, expecting: 201)
        }),
        ("POST /api/v1/companies/{company}/workflows/{code}/enable", { _, _ in ContractCall(.post, "\(company)/workflows/CT-TOGGLE/enable") }),
        ("POST /api/v1/companies/{company}/workflows/{code}/disable", { _, _ in ContractCall(.post, "\(company)/workflows/CT-TOGGLE/disable") }),
        ("GET /api/v1/companies/{company}/workflows/{code}/export", { _, _ in ContractCall(.get, "\(company)/workflows/CT-SOAPW/export") }),
        ("GET /api/v1/companies/{company}/workflows/export", { _, _ in
            ContractCall(.get, "\(company)/workflows/export?code=CT-SOAPW&code=MS-SOAPW&includeTemplates=true")
        }),
        ("POST /api/v1/companies/{company}/workflows/import", { _, _ in ContractCall(.post, "\(company)/workflows/import", body: workflowDocument) }),
        ("GET /api/v1/companies/{company}/workflowTemplates", { _, _ in ContractCall(.get, "\(company)/workflowTemplates") }),
        ("POST /api/v1/companies/{company}/workflowTemplates/{code}/copy", { _, _ in
            ContractCall(.post, "\(company)/workflowTemplates/MS-CUSTAPW/copy", body: #"{"code": "CT-COPY", "description": "Customers"}"#)
        }),
        ("GET /api/v1/workflowEvents", { _, _ in ContractCall(.get, "/api/v1/workflowEvents") }),
        ("GET /api/v1/workflowResponses", { _, _ in ContractCall(.get, "/api/v1/workflowResponses") }),
        // Approvals
        ("POST /api/v1/companies/{company}/{entitySet}/{id}/sendApprovalRequest", { f, _ in
            ContractCall(.post, "\(company)/salesDocuments/\(f.orderToSend)/sendApprovalRequest", key: "ALICE")
        }),
        ("POST /api/v1/companies/{company}/{entitySet}/{id}/cancelApprovalRequest", { f, _ in
            ContractCall(.post, "\(company)/salesDocuments/\(f.orderToCancel)/cancelApprovalRequest", key: "ALICE")
        }),
        ("GET /api/v1/companies/{company}/approvalEntries", { _, _ in ContractCall(.get, "\(company)/approvalEntries") }),
        ("GET /api/v1/companies/{company}/approvalEntries/{entryNo}", { f, _ in ContractCall(.get, "\(company)/approvalEntries/\(f.entryToApprove)") }),
        ("POST /api/v1/companies/{company}/approvalEntries/{entryNo}/approve", { f, _ in
            ContractCall(.post, "\(company)/approvalEntries/\(f.entryToApprove)/approve", key: "BOB", body: #"{"comment": "Fine"}"#)
        }),
        ("POST /api/v1/companies/{company}/approvalEntries/{entryNo}/reject", { f, _ in
            ContractCall(.post, "\(company)/approvalEntries/\(f.entryToReject)/reject", key: "BOB", body: #"{"comment": "Too much"}"#)
        }),
        ("POST /api/v1/companies/{company}/approvalEntries/{entryNo}/delegate", { f, _ in
            ContractCall(.post, "\(company)/approvalEntries/\(f.entryToDelegate)/delegate", key: "BOB")
        }),
        ("GET /api/v1/companies/{company}/notificationEntries", { _, _ in ContractCall(.get, "\(company)/notificationEntries") }),
        ("GET /api/v1/companies/{company}/workflowStepInstances", { _, _ in ContractCall(.get, "\(company)/workflowStepInstances") }),
        ("POST /api/v1/companies/{company}/workflowStepInstances/archive", { _, _ in ContractCall(.post, "\(company)/workflowStepInstances/archive") }),
        ("GET /api/v1/companies/{company}/archivedWorkflowStepInstances", { _, _ in ContractCall(.get, "\(company)/archivedWorkflowStepInstances") }),
        // The Flow connector
        ("POST /api/v1/companies/{company}/workflowWebhookSubscriptions", { f, _ in
            ContractCall(
                .post, "\(company)/workflowWebhookSubscriptions", key: "integration",
                body: try json([
                    "notificationUrl": f.receiverURL, "eventCode": WorkflowEvents.sendVendorForApproval, "clientType": "Flow", "clientId": "contract-table",
                    "conditions": Data(#"{"Conditions":[{"Name":"number","Value":"V1*"}]}"#.utf8).base64EncodedString(),
                ])
            )
        }),
        ("POST /api/v1/companies/{company}/{entitySet}/approvalRequestedSubscriptions", { f, bound in
            let entitySet = bound["entitySet"] ?? "items"
            return ContractCall(
                .post, "\(company)/\(entitySet)/approvalRequestedSubscriptions", key: "integration",
                body: try json(["notificationUrl": f.receiverURL, "clientType": "Flow", "clientId": "contract-\(entitySet)"])
            )
        }),
        ("GET /api/v1/companies/{company}/workflowWebhookSubscriptions", { _, _ in ContractCall(.get, "\(company)/workflowWebhookSubscriptions", key: "integration") }),
        ("GET /api/v1/companies/{company}/workflowWebhookSubscriptions/{id}", { f, _ in
            ContractCall(.get, "\(company)/workflowWebhookSubscriptions/\(f.flowSubscription)", key: "integration")
        }),
        ("POST /api/v1/companies/{company}/workflowWebhookSubscriptions/{id}/rotateSecret", { f, _ in
            ContractCall(.post, "\(company)/workflowWebhookSubscriptions/\(f.flowSubscription)/rotateSecret", key: "integration")
        }),
        ("GET /api/v1/companies/{company}/workflowWebhookEntries", { _, _ in ContractCall(.get, "\(company)/workflowWebhookEntries", key: "integration") }),
        ("GET /api/v1/companies/{company}/workflowWebhookEntries/{entryNo}", { f, _ in
            ContractCall(.get, "\(company)/workflowWebhookEntries/\(f.flowEntry)", key: "integration")
        }),
        ("POST /api/v1/companies/{company}/workflowWebhookEntries/{entryNo}/resubmit", { f, _ in
            ContractCall(.post, "\(company)/workflowWebhookEntries/\(f.flowEntryToResubmit)/resubmit", key: "integration")
        }),
        ("POST /api/v1/workflowActionResponse/{workflowStepId}/approve", { f, _ in
            ContractCall(.post, "/api/v1/workflowActionResponse/\(f.stepToApprove)/approve", key: "integration")
        }),
        ("POST /api/v1/workflowActionResponse/{workflowStepId}/reject", { f, _ in
            ContractCall(.post, "/api/v1/workflowActionResponse/\(f.stepToReject)/reject", key: "integration")
        }),
        ("POST /api/v1/workflowActionResponse/{workflowStepId}/cancel", { f, _ in
            ContractCall(.post, "/api/v1/workflowActionResponse/\(f.stepToCancel)/cancel", key: "ALICE")
        }),
        // Deliveries
        ("GET /api/v1/deliveries", { _, _ in ContractCall(.get, "/api/v1/deliveries", key: "integration") }),
        ("GET /api/v1/deliveries/{id}", { f, _ in ContractCall(.get, "/api/v1/deliveries/\(f.failedDelivery)", key: "integration") }),
        ("POST /api/v1/deliveries/{id}/retry", { f, _ in ContractCall(.post, "/api/v1/deliveries/\(f.failedDelivery)/retry", key: "integration") }),
        // Deletes
        ("DELETE /api/v1/users/{user}/apiKeys/{id}", { f, _ in ContractCall(.delete, "/api/v1/users/DAVE/apiKeys/\(f.apiKeyToDelete)") }),
        ("DELETE /api/v1/companies/{company}/approvalUserSetup/{user}", { _, _ in ContractCall(.delete, "\(company)/approvalUserSetup/FRANK") }),
        ("DELETE /api/v1/companies/{company}/workflowUserGroups/{code}", { _, _ in ContractCall(.delete, "\(company)/workflowUserGroups/CT-GONE") }),
        ("DELETE /api/v1/companies/{company}/salespersonsPurchasers/{code}", { _, _ in ContractCall(.delete, "\(company)/salespersonsPurchasers/CTGONE") }),
        ("DELETE /api/v1/companies/{company}/{entitySet}/{id}", { f, _ in
            ContractCall(.delete, "\(company)/customers/\(f.customerToDelete)", key: "integration")
        }),
        ("DELETE /api/v1/companies/{company}/instantFlows/{id}", { f, _ in ContractCall(.delete, "\(company)/instantFlows/\(f.instantFlowToDelete)") }),
        ("DELETE /api/v1/companies/{company}/scheduledFlows/{id}", { f, _ in
            ContractCall(.delete, "\(company)/scheduledFlows/\(f.scheduledFlowToDelete)", key: "integration")
        }),
        ("DELETE /api/v1/subscriptions/{id}", { f, _ in ContractCall(.delete, "/api/v1/subscriptions/\(f.recordSubscriptionToDelete)", key: "integration") }),
        ("DELETE /api/v1/companies/{company}/workflows/{code}", { _, _ in ContractCall(.delete, "\(company)/workflows/CT-GONE") }),
        ("DELETE /api/v1/companies/{company}/workflowWebhookSubscriptions/{id}", { f, _ in
            ContractCall(.delete, "\(company)/workflowWebhookSubscriptions/\(f.flowSubscription)", key: "integration")
        }),
    ]
}
