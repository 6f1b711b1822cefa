import FlowGateCore
import Foundation
import HTTPTypes
import Testing

@Suite("Approval user setup, workflow user groups and salespersons through the API")
struct SetupTests {
    @Test("Business Central's User Setup rules answer 400 with the field named, and nothing is stored")
    func approvalUserSetupRules() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let path = "\(companyPath)/approvalUserSetup"
            let admin = gateway.key("admin")
            let cases: [(String, String, String)] = [
                ("BOB", #"{"approverId":"bob"}"#, "approverId"),
                ("BOB", #"{"substitute":"BOB"}"#, "substitute"),
                ("BOB", #"{"substitute":"NOBODY"}"#, "substitute"),
                ("BOB", #"{"approvalAdministrator":true}"#, "approvalAdministrator"),
                ("BOB", #"{"salespersonPurchaserCode":"AL"}"#, "salespersonPurchaserCode"),
                ("BOB", #"{"salesAmountApprovalLimit":-5}"#, "salesAmountApprovalLimit"),
                ("BOB", #"{"salesAmountApprovalLimit":"5"}"#, "salesAmountApprovalLimit"),
            ]
            let bobBefore = try await client.call(.get, "\(path)/BOB", key: admin)
            for (user, body, field) in cases {
                let response = try await client.call(.put, "\(path)/\(user)", key: admin, body: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response["errors"]?[0]?["field"]?.string == field, "\(body): \(response.text)")
            }
            let bobAfter = try await client.call(.get, "\(path)/BOB", key: admin)
            #expect(bobAfter.json == bobBefore.json)
            #expect(bobAfter.etag == "\"1\"")
            let admins = try await client.call(.get, path, key: admin)
            #expect((admins["value"]?.array ?? []).filter { $0["approvalAdministrator"]?.bool == true }.count == 1)
        }
    }

    @Test("PUT creates (201) then replaces (200); an unlimited flag zeroes its limit; stale If-Match is 412")
    func approvalUserSetupLifecycle() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let path = "\(companyPath)/approvalUserSetup/SHOPAPP"
            let admin = gateway.key("admin")
            let created = try await client.call(
                .put, path, key: admin, body: #"{"approverId":"bob","salesAmountApprovalLimit":900,"unlimitedSalesApproval":true,"purchaseAmountApprovalLimit":250.5}"#
            )
            #expect(created.status == .created)
            #expect(created["approverId"]?.string == "BOB")
            #expect(created["salesAmountApprovalLimit"]?.decimal == 0)
            #expect(created["unlimitedSalesApproval"]?.bool == true)
            #expect(created["purchaseAmountApprovalLimit"]?.decimal == Decimal(string: "250.5"))
            #expect(created["substitute"] == .null)

            let replaced = try await client.call(.put, path, key: admin, body: #"{"approverId":"CAROL"}"#, headers: [.ifMatch: "\"1\""])
            #expect(replaced.status == .ok)
            #expect(replaced.etag == "\"2\"")
            let stale = try await client.call(.put, path, key: admin, body: #"{"approverId":"BOB"}"#, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
            let read = try await client.call(.get, path, key: admin)
            #expect(read["approverId"]?.string == "CAROL")

            let unknownUser = try await client.call(.put, "\(companyPath)/approvalUserSetup/GHOST", key: admin, body: "{}")
            #expect(unknownUser.status == .notFound)
        }
    }

    @Test("Workflow user groups number members like Business Central and refuse unknown users")
    func workflowUserGroups() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let path = "\(companyPath)/workflowUserGroups/approvers"
            let admin = gateway.key("admin")
            let created = try await client.call(
                .put, path, key: admin,
                body: #"{"description":"Sales approvers","members":[{"userName":"bob"},{"userName":"CAROL","sequenceNo":1},{"userName":"ALICE"}]}"#
            )
            #expect(created.status == .created)
            let members = (created["members"]?.array ?? []).map { ($0["userName"]?.string ?? "", $0["sequenceNo"]?.decimal ?? 0) }
            #expect(members.map(\.0) == ["BOB", "CAROL", "ALICE"])
            #expect(members.map(\.1) == [1, 1, 2])
            #expect(created["code"]?.string == "APPROVERS")

            let bad = try await client.call(.put, path, key: admin, body: #"{"members":[{"userName":"GHOST"},{"userName":"BOB","sequenceNo":0}]}"#)
            #expect(bad.status == .badRequest)
            #expect(Set((bad["errors"]?.array ?? []).compactMap { $0["field"]?.string }) == ["members[0].userName", "members[1].sequenceNo"])

            #expect(try await client.call(.delete, path, key: admin).status == .noContent)
            #expect(try await client.call(.get, path, key: admin).status == .notFound)
        }
    }

    @Test("A salesperson used by an approval user setup cannot be deleted")
    func salespersonInUse() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let admin = gateway.key("admin")
            let used = try await client.call(.delete, "\(companyPath)/salespersonsPurchasers/AL", key: admin)
            #expect(used.status == .conflict)
            #expect(used.detail.contains("ALICE"))
            let created = try await client.call(.put, "\(companyPath)/salespersonsPurchasers/ZZ", key: admin, body: #"{"name":"Zed","email":"zed@x.example"}"#)
            #expect(created.status == .created)
            #expect(try await client.call(.delete, "\(companyPath)/salespersonsPurchasers/ZZ", key: admin).status == .noContent)
        }
    }
}
