import FlowGateCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Who sees and who may decide which approval entries, the closed-entry messages, requestedBy, and notifications.
@Suite("Approval entry access and decisions through the API")
struct ApprovalEntryAccessTests {
    /// SOAPW enabled; ALICE sends S-ORD10001 (3,000: 1 ALICE Approved, 2 BOB Open); BOB sends an 8,000 order
    /// sold by BO (3 BOB Approved, 4 CAROL Open). Returns the two record ids.
    static func twoRequests(_ client: any TestClientProtocol, _ gateway: TestGateway) async throws -> (alices: String, bobs: String) {
        try await ApprovalScenarioTests.enableSalesOrderWorkflow(client, gateway)
        let alices = WorkflowCalls.demoOrder(gateway)
        #expect(try await WorkflowCalls.send(client, gateway, alices, key: "ALICE").status == .ok)
        let bobs = try await WorkflowCalls.salesDocument(client, gateway, salesperson: "BO", amount: 8000)
        let sent = try await WorkflowCalls.send(client, gateway, bobs, key: "BOB")
        #expect(sent.status == .ok, "\(sent.text)")
        #expect(try await ApprovalScenarioTests.entries(client, gateway, record: bobs) == ["BOB:Approved", "CAROL:Open"])
        return (alices, bobs)
    }

    /// Entry numbers a key lists with an optional query.
    static func listed(_ client: any TestClientProtocol, _ gateway: TestGateway, _ key: String, _ query: String = "") async throws -> [Int] {
        let list = try await client.call(.get, "\(companyPath)/approvalEntries\(query)", key: gateway.key(key))
        #expect(list.status == .ok, "\(list.text)")
        return (list["value"]?.array ?? []).compactMap { $0["entryNo"]?.decimal.map { NSDecimalNumber(decimal: $0).intValue } }
    }

    static func decide(_ client: any TestClientProtocol, _ gateway: TestGateway, _ entryNo: Int, _ action: String, key: String, body: String? = nil) async throws -> APIResponse {
        try await client.call(.post, "\(companyPath)/approvalEntries/\(entryNo)/\(action)", key: gateway.key(key), body: body)
    }

    @Test("A user key lists only entries it approves or sent; admin and integration keys list all")
    func listVisibility() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            _ = try await Self.twoRequests(client, gateway)
            #expect(try await Self.listed(client, gateway, "ALICE") == [1, 2])
            #expect(try await Self.listed(client, gateway, "BOB") == [2, 3, 4])
            #expect(try await Self.listed(client, gateway, "admin") == [1, 2, 3, 4])
            #expect(try await Self.listed(client, gateway, "integration") == [1, 2, 3, 4])
        }
    }

    @Test("The approval administrator's user key lists and reads every entry (approval-routing §7: 'See all entries')")
    func administratorSeesAll() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            _ = try await Self.twoRequests(client, gateway)
            let listed = try await Self.listed(client, gateway, "CAROL")
            let entry = try await client.call(.get, "\(companyPath)/approvalEntries/2", key: gateway.key("CAROL"))
            #expect(listed == [1, 2, 3, 4])
            #expect(entry.status == .ok)
        }
    }

    @Test("Filters status, approverId (any case) and recordId narrow the list, also within a user key's own entries")
    func listFilters() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let (alices, bobs) = try await Self.twoRequests(client, gateway)
            #expect(try await Self.listed(client, gateway, "admin", "?status=Open") == [2, 4])
            #expect(try await Self.listed(client, gateway, "admin", "?status=approved") == [1, 3])
            #expect(try await Self.listed(client, gateway, "admin", "?approverId=bob") == [2, 3])
            #expect(try await Self.listed(client, gateway, "admin", "?recordId=\(bobs)") == [3, 4])
            #expect(try await Self.listed(client, gateway, "admin", "?status=Open&approverId=CAROL&recordId=\(bobs)") == [4])
            #expect(try await Self.listed(client, gateway, "admin", "?status=Open&recordId=\(alices)&approverId=CAROL") == [])
            #expect(try await Self.listed(client, gateway, "BOB", "?status=Open") == [2, 4])
            #expect(try await Self.listed(client, gateway, "ALICE", "?recordId=\(bobs)") == [])
        }
    }

    @Test("A status outside Business Central's five, or a recordId that is not a UUID → 400 naming the parameter")
    func badListFilters() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            for (query, field) in [("status=Pending", "status"), ("recordId=S-ORD10001", "recordId")] {
                let response = try await client.call(.get, "\(companyPath)/approvalEntries?\(query)", key: gateway.key("admin"))
                #expect(response.status == .badRequest, "\(query)")
                #expect(response["errors"]?[0]?["field"]?.string == field)
            }
        }
    }

    @Test("GET approvalEntries/{n}: a user key gets 404 for an entry it neither approves nor sent, 200 for its own; unknown → 404")
    func getOneEntry() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            _ = try await Self.twoRequests(client, gateway)
            let path = "\(companyPath)/approvalEntries"
            #expect(try await client.call(.get, "\(path)/1", key: gateway.key("BOB")).status == .notFound)
            #expect(try await client.call(.get, "\(path)/4", key: gateway.key("ALICE")).status == .notFound)
            let bobs = try await client.call(.get, "\(path)/2", key: gateway.key("BOB"))
            #expect(bobs.status == .ok)
            #expect(bobs["approverId"]?.string == "BOB")
            #expect(bobs["senderId"]?.string == "ALICE")
            #expect(try await client.call(.get, "\(path)/2", key: gateway.key("ALICE")).status == .ok)
            #expect(try await client.call(.get, "\(path)/4", key: gateway.key("admin")).status == .ok)
            #expect(try await client.call(.get, "\(path)/999", key: gateway.key("admin")).status == .notFound)
            #expect(try await client.call(.get, "\(path)/abc", key: gateway.key("admin")).status == .notFound)
        }
    }

    @Test("ALICE (sender, neither approver nor administrator) approving or rejecting BOB's entry → 403 problem; it stays Open")
    func senderMayNotDecide() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await ApprovalScenarioTests.enableSalesOrderWorkflow(client, gateway)
            let order = WorkflowCalls.demoOrder(gateway)
            #expect(try await WorkflowCalls.send(client, gateway, order, key: "ALICE").status == .ok)
            for action in ["approve", "reject"] {
                let response = try await Self.decide(client, gateway, 2, action, key: "ALICE")
                #expect(response.status == .forbidden, "\(action)")
                #expect(response.isProblem)
                #expect(response["type"]?.string?.hasSuffix("forbidden") == true)
            }
            #expect(try await ApprovalScenarioTests.entries(client, gateway, record: order) == ["ALICE:Approved", "BOB:Open"])
        }
    }

    @Test("CAROL, the approval administrator, approves BOB's entry → 200, the order is Released")
    func administratorApproves() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await ApprovalScenarioTests.enableSalesOrderWorkflow(client, gateway)
            let order = WorkflowCalls.demoOrder(gateway)
            #expect(try await WorkflowCalls.send(client, gateway, order, key: "ALICE").status == .ok)
            let approved = try await Self.decide(client, gateway, 2, "approve", key: "CAROL", body: #"{"comment": "on BOB's behalf"}"#)
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(approved["status"]?.string == "Approved")
            #expect(approved["approverId"]?.string == "BOB")
            #expect(approved["lastModifiedByUserId"]?.string == "CAROL")
            #expect(approved["comments"]?[0]?["userId"]?.string == "CAROL")
            #expect(try await ApprovalScenarioTests.record(client, gateway, order)["status"]?.string == "Released")
        }
    }

    @Test("ALICE, the sender, delegates BOB's entry → 200, it moves to CAROL (BOB's substitute) and stays Open")
    func senderDelegates() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await ApprovalScenarioTests.enableSalesOrderWorkflow(client, gateway)
            let order = WorkflowCalls.demoOrder(gateway)
            #expect(try await WorkflowCalls.send(client, gateway, order, key: "ALICE").status == .ok)
            let before = try await client.call(.get, "\(companyPath)/approvalEntries/2", key: gateway.key("admin"))
            let delegated = try await Self.decide(client, gateway, 2, "delegate", key: "ALICE")
            #expect(delegated.status == .ok, "\(delegated.text)")
            #expect(delegated["approverId"]?.string == "CAROL")
            #expect(delegated["status"]?.string == "Open")
            #expect(delegated["sequenceNo"] == before["sequenceNo"], "delegation happens in place")
            #expect(try await ApprovalScenarioTests.entries(client, gateway, record: order) == ["ALICE:Approved", "CAROL:Open"])
        }
    }

    @Test("Approve, reject or delegate an entry that does not exist → 404", arguments: ["approve", "reject", "delegate"])
    func unknownEntry(action: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let response = try await Self.decide(client, gateway, 999, action, key: "CAROL")
            #expect(response.status == .notFound)
            #expect(response["type"]?.string?.hasSuffix("not-found") == true)
        }
    }

    @Test(
        "A closed entry (ALICE's own, born Approved) → 409 with Business Central's exact message",
        arguments: [
            ("approve", "You can only approve open approval requests."),
            ("reject", "You can only reject open approval entries."),
            ("delegate", "You can only delegate open approval requests."),
        ]
    )
    func closedEntry(action: String, message: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await ApprovalScenarioTests.enableSalesOrderWorkflow(client, gateway)
            let order = WorkflowCalls.demoOrder(gateway)
            #expect(try await WorkflowCalls.send(client, gateway, order, key: "ALICE").status == .ok)
            let response = try await Self.decide(client, gateway, 1, action, key: "ALICE")
            #expect(response.status == .conflict)
            #expect(response.isProblem)
            #expect(response.detail == message)
            #expect(try await ApprovalScenarioTests.entries(client, gateway, record: order) == ["ALICE:Approved", "BOB:Open"])
        }
    }

    @Test("A comment of 251 characters → 400 naming comment, the entry stays Open; 250 characters are kept whole")
    func commentLength() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await ApprovalScenarioTests.enableSalesOrderWorkflow(client, gateway)
            let order = WorkflowCalls.demoOrder(gateway)
            #expect(try await WorkflowCalls.send(client, gateway, order, key: "ALICE").status == .ok)
            let tooLong = try await Self.decide(client, gateway, 2, "approve", key: "BOB", body: #"{"comment": "\#(String(repeating: "x", count: 251))"}"#)
            #expect(tooLong.status == .badRequest)
            #expect(tooLong["errors"]?[0]?["field"]?.string == "comment")
            #expect(try await ApprovalScenarioTests.entries(client, gateway, record: order) == ["ALICE:Approved", "BOB:Open"])

            let longest = String(repeating: "é", count: 250)
            let approved = try await Self.decide(client, gateway, 2, "approve", key: "BOB", body: #"{"comment": "\#(longest)"}"#)
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(approved["comments"]?[0]?["text"]?.string == longest)
        }
    }

    @Test("An integration key sends for ALICE with requestedBy: every entry's senderId is ALICE; cancel by the integration key → 200")
    func integrationSendsOnBehalf() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await ApprovalScenarioTests.enableSalesOrderWorkflow(client, gateway)
            let order = WorkflowCalls.demoOrder(gateway)
            let sent = try await WorkflowCalls.send(client, gateway, order, key: "integration", body: #"{"requestedBy": "alice"}"#)
            #expect(sent.status == .ok, "\(sent.text)")
            let entries = sent["approvalEntries"]?.array ?? []
            #expect(entries.map { $0["approverId"]?.string } == ["ALICE", "BOB"])
            #expect(entries.allSatisfy { $0["senderId"]?.string == "ALICE" })
            #expect(try await Self.listed(client, gateway, "ALICE") == [1, 2], "ALICE sees the request sent in her name")

            let canceled = try await client.call(.post, "\(companyPath)/salesDocuments/\(order)/cancelApprovalRequest", key: gateway.key("integration"))
            #expect(canceled.status == .ok, "\(canceled.text)")
            #expect(canceled["record"]?["status"]?.string == "Open")
            #expect(try await ApprovalScenarioTests.entries(client, gateway, record: order) == ["ALICE:Canceled", "BOB:Canceled"])
        }
    }

    @Test("requestedBy: a user key naming another user → 403, an unknown user → 400; nothing is sent")
    func requestedByRefusals() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await ApprovalScenarioTests.enableSalesOrderWorkflow(client, gateway)
            let order = WorkflowCalls.demoOrder(gateway)
            let forOther = try await WorkflowCalls.send(client, gateway, order, key: "BOB", body: #"{"requestedBy": "ALICE"}"#)
            #expect(forOther.status == .forbidden)
            #expect(forOther.isProblem)
            let unknown = try await WorkflowCalls.send(client, gateway, order, key: "integration", body: #"{"requestedBy": "NOBODY"}"#)
            #expect(unknown.status == .badRequest)
            #expect(unknown["errors"]?[0]?["field"]?.string == "requestedBy")
            #expect(try await ApprovalScenarioTests.entries(client, gateway, record: order).isEmpty)
            #expect(try await ApprovalScenarioTests.record(client, gateway, order)["status"]?.string == "Open")

            let forSelf = try await WorkflowCalls.send(client, gateway, order, key: "ALICE", body: #"{"requestedBy": "ALICE"}"#)
            #expect(forSelf.status == .ok, "a user key naming itself is fine: \(forSelf.text)")
        }
    }

    @Test("After ALICE sends, BOB's notificationEntries hold an Approval notification for entry 2; ALICE's hold none for BOB")
    func approvalNotification() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await ApprovalScenarioTests.enableSalesOrderWorkflow(client, gateway)
            let order = WorkflowCalls.demoOrder(gateway)
            #expect(try await WorkflowCalls.send(client, gateway, order, key: "ALICE").status == .ok)
            let bobs = try await client.call(.get, "\(companyPath)/notificationEntries", key: gateway.key("BOB"))
            #expect(bobs.status == .ok)
            let notes = bobs["value"]?.array ?? []
            #expect(notes.count == 1)
            #expect(notes.first?["type"]?.string == "Approval")
            #expect(notes.first?["recipientUserId"]?.string == "BOB")
            #expect(notes.first?["recordId"]?.string == order)
            #expect(notes.first?["approvalEntryNo"]?.decimal == 2)

            let alices = try await client.call(.get, "\(companyPath)/notificationEntries?recipientUserId=BOB", key: gateway.key("ALICE"))
            #expect((alices["value"]?.array ?? []).allSatisfy { $0["recipientUserId"]?.string == "ALICE" })
            let asAdmin = try await client.call(.get, "\(companyPath)/notificationEntries?recipientUserId=bob", key: gateway.key("admin"))
            #expect(asAdmin["value"] == bobs["value"])
        }
    }
}
