import FlowGateCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import FlowGateStore

/// The issue's scenarios, through the HTTP API on the demo data: ALICE (limit 100) → BOB (5,000) → CAROL (unlimited).
@Suite("Approval scenarios through the API on the demo data")
struct ApprovalScenarioTests {
    /// Copies MS-SOAPW as SOAPW (Salesperson/Purchaser, Approver Chain) and enables it.
    static func enableSalesOrderWorkflow(_ client: any TestClientProtocol, _ gateway: TestGateway) async throws {
        let copy = try await client.call(
            .post, "\(companyPath)/workflowTemplates/MS-SOAPW/copy", key: gateway.key("admin"),
            body: #"{"code": "SOAPW", "description": "Sales orders"}"#
        )
        #expect(copy.status == .created)
        #expect(copy["enabled"]?.bool == false)
        let enabled = try await Self.post(client, gateway, "workflows/SOAPW/enable", by: "admin")
        #expect(enabled.status == .ok, "\(enabled.text)")
        #expect(enabled["enabled"]?.bool == true)
    }

    /// A new open sales order for `amount`, sold by ALICE (salesperson AL).
    static func salesOrder(_ client: any TestClientProtocol, _ gateway: TestGateway, amount: Int) async throws -> String {
        let created = try await client.call(
            .post, "\(companyPath)/salesDocuments", key: gateway.key("integration"),
            body: #"{"documentType": "Order", "salespersonPurchaserCode": "AL", "lines": [{"type": "Item", "number": "1896-S", "quantity": 1, "unitPrice": \#(amount)}]}"#
        )
        #expect(created.status == .created)
        return try #require(created["id"]?.string)
    }

    static func entries(_ client: any TestClientProtocol, _ gateway: TestGateway, record: String) async throws -> [String] {
        let list = try await client.call(.get, "\(companyPath)/approvalEntries?recordId=\(record)", key: gateway.key("admin"))
        return (list["value"]?.array ?? []).map { "\($0["approverId"]?.string ?? "?"):\($0["status"]?.string ?? "?")" }
    }

    static func record(_ client: any TestClientProtocol, _ gateway: TestGateway, _ id: String) async throws -> APIResponse {
        try await client.call(.get, "\(companyPath)/salesDocuments/\(id)", key: gateway.key("admin"))
    }

    /// Runs `body` on a fresh demo gateway, with the sales order workflow enabled unless told otherwise.
    static func withDemo(
        workflowEnabled: Bool = true, _ body: @Sendable (any TestClientProtocol, TestGateway) async throws -> Void
    ) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            if workflowEnabled { try await enableSalesOrderWorkflow(client, gateway) }
            try await body(client, gateway)
        }
    }

    /// `POST {companyPath}/{path}` with no body, as `user`.
    static func post(_ client: any TestClientProtocol, _ gateway: TestGateway, _ path: String, by user: String) async throws -> APIResponse {
        try await client.call(.post, "\(companyPath)/\(path)", key: gateway.key(user))
    }

    @Test("3,000 sent by ALICE: her entry Approved, BOB's Open, the order Pending Approval and locked; BOB approves → Released")
    func threeThousand() async throws {
        try await Self.withDemo { client, gateway in
            let order = gateway.salesOrderId.uuidString.lowercased()
            let sent = try await Self.post(client, gateway, "salesDocuments/\(order)/sendApprovalRequest", by: "ALICE")
            #expect(sent.status == .ok, "\(sent.text)")
            #expect(sent["workflowCode"]?.string == "SOAPW")
            #expect(sent["record"]?["status"]?.string == "Pending Approval")
            #expect(sent["record"]?["restricted"]?.bool == true)
            #expect(sent["approvalEntries"]?.array?.count == 2)
            #expect(try await Self.entries(client, gateway, record: order) == ["ALICE:Approved", "BOB:Open"])

            let patch = try await client.call(
                .patch, "\(companyPath)/salesDocuments/\(order)", key: gateway.key("integration"), body: #"{"fields": {"note": "x"}}"#
            )
            #expect(patch.status == .conflict)

            let bobs = try await client.call(.get, "\(companyPath)/approvalEntries?status=Open", key: gateway.key("BOB"))
            let entryNo = try #require(bobs["value"]?[0]?["entryNo"]?.decimal)
            let approved = try await client.call(
                .post, "\(companyPath)/approvalEntries/\(entryNo)/approve", key: gateway.key("BOB"), body: #"{"comment": "ok"}"#
            )
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(approved["status"]?.string == "Approved")
            #expect(approved["comments"]?[0]?["text"]?.string == "ok")

            let released = try await Self.record(client, gateway, order)
            #expect(released["status"]?.string == "Released")
            #expect(released["restricted"]?.bool == false)
            let steps = try await client.call(.get, "\(companyPath)/workflowStepInstances?recordId=\(order)", key: gateway.key("admin"))
            let statuses = (steps["value"]?.array ?? []).compactMap { $0["status"]?.string }
            #expect(!statuses.isEmpty && !statuses.contains("Active") && !statuses.contains("Processing"))

            let archived = try await Self.post(client, gateway, "workflowStepInstances/archive", by: "admin")
            #expect(archived["archivedInstances"]?.decimal == 1)
            let live = try await client.call(.get, "\(companyPath)/workflowStepInstances?recordId=\(order)", key: gateway.key("admin"))
            #expect(live["value"]?.array?.isEmpty == true)
            let archive = try await client.call(.get, "\(companyPath)/archivedWorkflowStepInstances?recordId=\(order)", key: gateway.key("admin"))
            #expect(archive["value"]?.array?.count == statuses.count)
        }
    }

    @Test("8,000: BOB's entry first, CAROL's opens only after BOB approves; CAROL approves → Released")
    func eightThousand() async throws {
        try await Self.withDemo { client, gateway in
            let order = try await Self.salesOrder(client, gateway, amount: 8000)
            let sent = try await Self.post(client, gateway, "salesDocuments/\(order)/sendApprovalRequest", by: "ALICE")
            #expect(sent.status == .ok, "\(sent.text)")
            #expect(try await Self.entries(client, gateway, record: order) == ["ALICE:Approved", "BOB:Open", "CAROL:Created"])
            let carolTooEarly = try await Self.post(client, gateway, "approvalEntries/3/approve", by: "CAROL")
            #expect(carolTooEarly.status == .conflict)
            #expect(carolTooEarly.detail == "You can only approve open approval requests.")

            #expect(try await Self.post(client, gateway, "approvalEntries/2/approve", by: "BOB").status == .ok)
            #expect(try await Self.entries(client, gateway, record: order) == ["ALICE:Approved", "BOB:Approved", "CAROL:Open"])
            #expect(try await Self.record(client, gateway, order)["status"]?.string == "Pending Approval")
            #expect(try await Self.post(client, gateway, "approvalEntries/3/approve", by: "CAROL").status == .ok)
            #expect(try await Self.record(client, gateway, order)["status"]?.string == "Released")
        }
    }

    @Test("Reject after BOB approved: the order reopens, every entry is Rejected, and it can be edited and sent again")
    func rejectReopens() async throws {
        try await Self.withDemo { client, gateway in
            let order = try await Self.salesOrder(client, gateway, amount: 8000)
            _ = try await Self.post(client, gateway, "salesDocuments/\(order)/sendApprovalRequest", by: "ALICE")
            _ = try await Self.post(client, gateway, "approvalEntries/2/approve", by: "BOB")
            let rejected = try await client.call(
                .post, "\(companyPath)/approvalEntries/3/reject", key: gateway.key("CAROL"), body: #"{"comment": "too expensive"}"#
            )
            #expect(rejected.status == .ok, "\(rejected.text)")
            #expect(rejected["status"]?.string == "Rejected")
            #expect(try await Self.entries(client, gateway, record: order) == ["ALICE:Rejected", "BOB:Rejected", "CAROL:Rejected"])
            #expect(try await Self.record(client, gateway, order)["status"]?.string == "Open")

            let edited = try await client.call(
                .patch, "\(companyPath)/salesDocuments/\(order)", key: gateway.key("integration"),
                body: #"{"lines": [{"type": "Item", "number": "1896-S", "quantity": 1, "unitPrice": 3000}]}"#
            )
            #expect(edited.status == .ok, "\(edited.text)")
            let release = try await client.call(
                .patch, "\(companyPath)/salesDocuments/\(order)", key: gateway.key("integration"), body: #"{"status": "Released"}"#
            )
            #expect(release.status == .conflict)
            let again = try await Self.post(client, gateway, "salesDocuments/\(order)/sendApprovalRequest", by: "ALICE")
            #expect(again.status == .ok, "\(again.text)")
            #expect(again["approvalEntries"]?.array?.map { $0["approverId"]?.string } == ["ALICE", "BOB"])
        }
    }

    @Test("Cancel by ALICE cancels every entry and reopens; by BOB (neither sender nor administrator) it is 403")
    func cancel() async throws {
        try await Self.withDemo { client, gateway in
            let order = gateway.salesOrderId.uuidString.lowercased()
            _ = try await Self.post(client, gateway, "salesDocuments/\(order)/sendApprovalRequest", by: "ALICE")
            let byBob = try await Self.post(client, gateway, "salesDocuments/\(order)/cancelApprovalRequest", by: "BOB")
            #expect(byBob.status == .forbidden)
            let canceled = try await Self.post(client, gateway, "salesDocuments/\(order)/cancelApprovalRequest", by: "ALICE")
            #expect(canceled.status == .ok, "\(canceled.text)")
            #expect(canceled["record"]?["status"]?.string == "Open")
            #expect(canceled["record"]?["restricted"]?.bool == false)
            #expect(canceled["messages"]?[0]?.string == "The approval request for the record has been canceled.")
            #expect(try await Self.entries(client, gateway, record: order) == ["ALICE:Canceled", "BOB:Canceled"])
        }
    }

    @Test("Delegate moves BOB's open entry to his substitute CAROL; BOB can no longer approve it")
    func delegate() async throws {
        try await Self.withDemo { client, gateway in
            let order = gateway.salesOrderId.uuidString.lowercased()
            _ = try await Self.post(client, gateway, "salesDocuments/\(order)/sendApprovalRequest", by: "ALICE")
            let delegated = try await Self.post(client, gateway, "approvalEntries/2/delegate", by: "BOB")
            #expect(delegated.status == .ok, "\(delegated.text)")
            #expect(delegated["approverId"]?.string == "CAROL")
            #expect(delegated["status"]?.string == "Open")
            #expect(try await Self.post(client, gateway, "approvalEntries/2/approve", by: "BOB").status == .forbidden)
            #expect(try await Self.post(client, gateway, "approvalEntries/2/approve", by: "CAROL").status == .ok)
            #expect(try await Self.record(client, gateway, order)["status"]?.string == "Released")
        }
    }

    @Test("No enabled workflow: 409 no-approval-workflow with Business Central's message, record unchanged; a second send 409")
    func noWorkflowAndSecondSend() async throws {
        try await Self.withDemo(workflowEnabled: false) { client, gateway in
            let order = gateway.salesOrderId.uuidString.lowercased()
            let before = try await Self.record(client, gateway, order)
            let none = try await Self.post(client, gateway, "salesDocuments/\(order)/sendApprovalRequest", by: "ALICE")
            #expect(none.status == .conflict)
            #expect(none.isProblem)
            #expect(none["type"]?.string?.hasSuffix("no-approval-workflow") == true)
            #expect(none.detail == "No approval workflow for this record type is enabled.")
            #expect(try await Self.record(client, gateway, order).json == before.json)

            try await Self.enableSalesOrderWorkflow(client, gateway)
            #expect(try await Self.post(client, gateway, "salesDocuments/\(order)/sendApprovalRequest", by: "ALICE").status == .ok)
            let second = try await Self.post(client, gateway, "salesDocuments/\(order)/sendApprovalRequest", by: "ALICE")
            #expect(second.status == .conflict)
            #expect(try await Self.entries(client, gateway, record: order).count == 2)
        }
    }

    @Test("No qualified approver: 409 with 'No qualified approver was found.' and nothing stored")
    func noQualifiedApprover() async throws {
        try await Self.withDemo { client, gateway in
            let carol = try await client.call(
                .put, "\(companyPath)/approvalUserSetup/CAROL", key: gateway.key("admin"),
                body: #"{"salespersonPurchaserCode": "CA", "salesAmountApprovalLimit": 6000, "approvalAdministrator": true}"#
            )
            #expect(carol.status == .ok, "\(carol.text)")
            let order = try await Self.salesOrder(client, gateway, amount: 8000)
            let sent = try await Self.post(client, gateway, "salesDocuments/\(order)/sendApprovalRequest", by: "ALICE")
            #expect(sent.status == .conflict)
            #expect(sent.detail == "No qualified approver was found.")
            #expect(try await Self.entries(client, gateway, record: order).isEmpty)
            #expect(try await Self.record(client, gateway, order)["status"]?.string == "Open")
        }
    }

    @Test("Two concurrent approvals of the same entry: exactly one 200, the other 409, applied once")
    func concurrentApprovals() async throws {
        try await Self.withDemo { client, gateway in
            let order = gateway.salesOrderId.uuidString.lowercased()
            _ = try await Self.post(client, gateway, "salesDocuments/\(order)/sendApprovalRequest", by: "ALICE")
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for approver in ["BOB", "CAROL", "BOB", "CAROL", "BOB", "CAROL"] {
                    group.addTask { try await client.call(.post, "\(companyPath)/approvalEntries/2/approve", key: gateway.key(approver)).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == statuses.count - 1)
            #expect(try await Self.entries(client, gateway, record: order) == ["ALICE:Approved", "BOB:Approved"])
            #expect(try await Self.record(client, gateway, order)["status"]?.string == "Released")
            let steps = try await client.call(.get, "\(companyPath)/workflowStepInstances?recordId=\(order)", key: gateway.key("admin"))
            let completedReleases = (steps["value"]?.array ?? []).filter {
                $0["functionName"]?.string == "RELEASEDOCUMENT" && $0["status"]?.string == "Completed"
            }
            #expect(completedReleases.count == 1)
        }
    }
}
