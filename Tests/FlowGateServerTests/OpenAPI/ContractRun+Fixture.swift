import FlowGateCore
import FlowGateDelivery
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

// The fixture: what the contract table's calls need, built before any of them.

extension ContractRun {
    /// A call that builds the fixture: it must succeed, or the run stops saying which.
    @discardableResult
    static func setUp(
        _ client: any TestClientProtocol, _ gateway: TestGateway, _ method: HTTPRequest.Method, _ path: String, key: String = "admin",
        body: [String: Any]? = nil
    ) async throws -> APIResponse {
        let response = try await client.call(method, path, key: gateway.key(key), body: try body.map(json))
        guard (200..<300).contains(Int(response.status.code)) else {
            throw SetupFailure(description: "setting up, \(method) \(path) answered \(response.status.code): \(response.text)")
        }
        return response
    }

    /// A member of an answer as path text (a string, or a number such as an entry number).
    static func member(_ value: JSONValue?, _ name: String) throws -> String {
        if let text = value?[name]?.string { return text }
        if let number = value?[name]?.decimal { return "\(number)" }
        throw SetupFailure(description: "setting up: no '\(name)' in \(value.map { String(decoding: $0.jsonBytes, as: UTF8.self) } ?? "nothing")")
    }

    static func makeFixture(
        _ client: any TestClientProtocol, _ gateway: TestGateway, receiver: FlowReceiver, failing: FlowReceiver, refusing: FlowReceiver
    ) async throws -> ContractFixture {
        let company = companyPath
        let companyId = gateway.companyId.uuidString.lowercased()
        // Users, keys and setup, some of them for the deletes at the end.
        for user in ["DAVE", "FRANK"] {
            try await setUp(client, gateway, .post, "/api/v1/users", body: ["userName": user, "fullName": user.capitalized, "email": "\(user.lowercased())@cronus.example"])
        }
        let apiKey = try await setUp(client, gateway, .post, "/api/v1/users/DAVE/apiKeys", body: ["role": "user"])
        try await setUp(client, gateway, .put, "\(company)/approvalUserSetup/FRANK", body: ["approverId": "BOB"])
        let members: [[String: Any]] = [["userName": "BOB", "sequenceNo": 1], ["userName": "CAROL"]]
        try await setUp(client, gateway, .put, "\(company)/workflowUserGroups/CT-GROUP", body: ["description": "Contract", "members": members])
        try await setUp(client, gateway, .put, "\(company)/workflowUserGroups/CT-GONE", body: ["description": "Gone", "members": members])
        try await setUp(client, gateway, .put, "\(company)/salespersonsPurchasers/CTGONE", body: ["name": "Gone", "email": "gone@cronus.example"])

        // Workflows: sales orders go to BOB (ALICE's limit is 100); one to switch on and off; one to delete.
        try await setUp(
            client, gateway, .post, "\(company)/workflowTemplates/MS-SOAPW/copy", body: ["code": "CT-SOAPW", "description": "Orders", "enabled": true]
        )
        try await setUp(client, gateway, .post, "\(company)/workflowTemplates/MS-PIAPW/copy", body: ["code": "CT-TOGGLE", "description": "Invoices"])
        try await setUp(client, gateway, .put, "\(company)/workflows/CT-GONE", body: ["description": "Gone", "steps": [Any]()])

        // Records, and approval requests waiting for BOB.
        func createRecord(_ entitySet: String, _ body: [String: Any]) async throws -> String {
            try member(try await setUp(client, gateway, .post, "\(company)/\(entitySet)", key: "integration", body: body).json, "id")
        }
        func order() async throws -> String {
            try await createRecord("salesDocuments", [
                "documentType": "Order", "salespersonPurchaserCode": "AL", "fields": ["customerNumber": "C10000"],
                "lines": [["type": "Item", "number": "1896-S", "description": "ATHENS Desk", "quantity": 2, "unitPrice": 1500]],
            ])
        }
        let customer = try await createRecord("customers", ["fields": ["name": "Contract customer"]])
        let customerToDelete = try await createRecord("customers", ["fields": ["name": "Gone customer"]])
        let orderToSend = try await order()
        var sent: [String] = []
        for _ in 0..<4 {
            let id = try await order()
            try await setUp(client, gateway, .post, "\(company)/salesDocuments/\(id)/sendApprovalRequest", key: "ALICE")
            sent.append(id)
        }
        var openEntries: [String] = []
        for id in sent.prefix(3) {
            let entries = try await setUp(client, gateway, .get, "\(company)/approvalEntries?recordId=\(id)&status=Open")
            openEntries.append(try member(entries["value"]?[0], "entryNo"))
        }

        // The Flow connector: customers go to a platform that answers 500, so every message fails at its one attempt.
        let flowSubscription = try member(
            try await setUp(
                client, gateway, .post, "\(company)/workflowWebhookSubscriptions", key: "integration",
                body: [
                    "notificationUrl": failing.url, "eventCode": WorkflowEvents.sendCustomerForApproval, "clientType": "Flow",
                    "clientId": "contract-fixture",
                ]
            ).json, "id"
        )
        var flowEntries: [JSONValue] = []
        for index in 0..<5 {
            let id = try await createRecord("customers", ["fields": ["name": "Flow customer \(index)"]])
            try await setUp(client, gateway, .post, "\(company)/customers/\(id)/sendApprovalRequest", key: "ALICE")
            let entries = try await setUp(client, gateway, .get, "\(company)/workflowWebhookEntries?recordId=\(id)", key: "integration")
            flowEntries.append(try #require(entries["value"]?[0], "no Flow entry for customer \(id): \(entries.text)"))
        }
        let failed = try await FlowTest.waitForDeliveries(client, gateway, subscription: flowSubscription, status: "failed", count: 5)
        let retryEntry = try member(flowEntries[4], "id")
        let failedDelivery = try #require(
            failed.first { $0["sourceId"]?.string == retryEntry && $0["status"]?.string == "failed" },
            "the Flow message of entry \(retryEntry) did not fail: \(failed)"
        )

        // Instant flows, one run of them, and one to delete.
        let inputs: [[String: Any]] = [
            ["name": "priority", "type": "choice", "required": true, "choices": ["low", "high"], "description": "How urgent"],
            ["name": "note", "type": "string", "required": false],
        ]
        func instantFlow(_ name: String) async throws -> String {
            try member(
                try await setUp(
                    client, gateway, .post, "\(company)/instantFlows",
                    body: ["name": name, "description": "Contract", "target": "customers", "notificationUrl": receiver.url, "inputs": inputs]
                ).json, "id"
            )
        }
        let flow = try await instantFlow("Ask for review")
        let flowToDelete = try await instantFlow("Gone flow")
        let run = try await setUp(
            client, gateway, .post, "\(company)/customers/\(customer)/automate/\(flow)", key: "ALICE", body: ["inputs": ["priority": "low"]]
        )

        // Scheduled flows: one fires in a few seconds (or, on a gateway too busy to store it by then, at the next
        // minute), so its runs list holds a run.
        func scheduledFlow(_ name: String, frequency: String, start: Date) async throws -> String {
            let recurrence: [String: Any] = ["frequency": frequency, "interval": 1, "startTime": start.formatted(.iso8601), "timeZone": "Europe/Paris"]
            return try member(
                try await setUp(
                    client, gateway, .post, "\(company)/scheduledFlows", key: "integration",
                    body: ["name": name, "notificationUrl": receiver.url, "recurrence": recurrence, "payload": ["job": "contract"]]
                ).json, "id"
            )
        }
        let scheduled = try await scheduledFlow("Soon", frequency: "minute", start: Date().addingTimeInterval(2))
        let scheduledToDelete = try await scheduledFlow("Gone schedule", frequency: "day", start: Date().addingTimeInterval(86400))

        // Record-change subscriptions, after the receiver's handshake.
        func recordSubscription(_ entitySet: String, to url: String) async throws -> APIResponse {
            try await setUp(
                client, gateway, .post, "/api/v1/subscriptions", key: "integration",
                body: ["notificationUrl": url, "resource": "/api/v1/companies/\(companyId)/\(entitySet)", "clientState": "contract"]
            )
        }
        let subscription = try await recordSubscription("customers", to: receiver.url)
        let subscriptionToDelete = try await recordSubscription("items", to: receiver.url)
        // One whose receiver refuses a notification (404), so the includeDeleted list shows a deleted subscription.
        try await recordSubscription("vendors", to: refusing.url)
        _ = try await createRecord("vendors", ["fields": ["name": "Refused vendor"]])

        let fired = try await FlowsTest.eventually(.seconds(75)) {
            try await client.call(.get, "\(company)/scheduledFlows/\(scheduled)/runs", key: gateway.key("integration"))["value"]?[0]?["status"]?.string
                == "delivered"
        }
        if !fired { throw SetupFailure(description: "setting up: the scheduled flow \(scheduled) did not run") }
        let refused = try await FlowsTest.eventually {
            try await client.call(.get, "/api/v1/subscriptions?includeDeleted=true", key: gateway.key("integration"))["value"]?.array?
                .contains { $0["deleted"]?.bool == true } == true
        }
        if !refused { throw SetupFailure(description: "setting up: the subscription whose receiver answers 404 was not deleted") }

        return ContractFixture(
            keys: gateway.keys, receivers: [receiver, failing, refusing], companyId: companyId, receiverURL: receiver.url,
            customer: customer, customerToDelete: customerToDelete, salesOrder: sent[0], orderToSend: orderToSend, orderToCancel: sent[3],
            entryToApprove: openEntries[0], entryToReject: openEntries[1], entryToDelegate: openEntries[2],
            flowSubscription: flowSubscription, flowEntry: try member(flowEntries[0], "entryNo"),
            flowEntryToResubmit: try member(flowEntries[3], "entryNo"),
            stepToApprove: try member(flowEntries[0], "workflowStepInstanceId"), stepToReject: try member(flowEntries[1], "workflowStepInstanceId"),
            stepToCancel: try member(flowEntries[2], "workflowStepInstanceId"), failedDelivery: try member(failedDelivery, "id"),
            apiKeyToDelete: try member(apiKey.json, "id"), instantFlow: flow, instantFlowToDelete: flowToDelete,
            instantFlowRun: try member(run.json, "runId"), scheduledFlow: scheduled, scheduledFlowToDelete: scheduledToDelete,
            recordSubscription: try member(subscription.json, "subscriptionId"), recordSubscriptionETag: subscription.etag ?? "*",
            recordSubscriptionToDelete: try member(subscriptionToDelete.json, "subscriptionId")
        )
    }
}
