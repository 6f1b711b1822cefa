import FlowGateCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// MS-CCLCAPW through the API: raising a customer's credit limit is held back until a workflow user group approves it.
@Suite("Field-change approval (MS-CCLCAPW) through PATCH")
struct RecordChangeApprovalTests {
    /// Sets `workflowUserGroupCode` on every CREATEAPPROVALREQUESTS step of a workflow's JSON.
    static func withGroup(_ value: JSONValue, _ group: String) -> JSONValue {
        switch value {
        case .object(var object):
            if object["functionName"] == .string("CREATEAPPROVALREQUESTS"), case .object(var argument)? = object["argument"] {
                argument["workflowUserGroupCode"] = .string(group)
                object["argument"] = .object(argument)
            }
            return .object(object.mapValues { withGroup($0, group) })
        case .array(let items): return .array(items.map { withGroup($0, group) })
        default: return value
        }
    }

    @Test("A credit limit increase is reverted and kept until BOB's group approves; then the new value applies")
    func creditLimitChange() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let admin = gateway.key("admin")
            #expect(try await client.call(.put, "\(companyPath)/workflowUserGroups/CREDIT", key: admin, body: #"{"members": [{"userName": "BOB", "sequenceNo": 1}]}"#).status == .created)
            #expect(try await client.call(.put, "\(companyPath)/approvalUserSetup/SHOPAPP", key: admin, body: #"{"approverId": "BOB"}"#).status == .created)
            let copy = try await client.call(.post, "\(companyPath)/workflowTemplates/MS-CCLCAPW/copy", key: admin, body: #"{"code": "CCLCAPW"}"#)
            #expect(copy.status == .created)
            let enabledWithoutGroup = try await client.call(.post, "\(companyPath)/workflows/CCLCAPW/enable", key: admin)
            #expect(enabledWithoutGroup.status == .badRequest)
            let body = String(decoding: try JSONEncoder().encode(Self.withGroup(copy.json, "CREDIT")), as: UTF8.self)
            let put = try await client.call(.put, "\(companyPath)/workflows/CCLCAPW", key: admin, body: body)
            #expect(put.status == .ok, "\(put.text)")
            #expect(try await client.call(.post, "\(companyPath)/workflows/CCLCAPW/enable", key: admin).status == .ok)

            let customers = try await client.call(.get, "\(companyPath)/customers", key: admin)
            let customer = try #require(customers["value"]?[0]?["id"]?.string)
            let patched = try await client.call(
                .patch, "\(companyPath)/customers/\(customer)", key: gateway.key("integration"),
                body: #"{"fields": {"creditLimitLCY": 60000, "phone": "555"}}"#
            )
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(patched["fields"]?["creditLimitLCY"]?.decimal == 50000, "held back for approval")
            #expect(patched["fields"]?["phone"]?.string == "555", "other fields change at once")

            let entries = try await client.call(.get, "\(companyPath)/approvalEntries?recordId=\(customer)", key: admin)
            let open = (entries["value"]?.array ?? []).filter { $0["status"]?.string == "Open" }
            #expect(open.map { $0["approverId"]?.string } == ["BOB"])
            let entryNo = try #require(open.first?["entryNo"]?.decimal)
            #expect(try await client.call(.post, "\(companyPath)/approvalEntries/\(entryNo)/approve", key: gateway.key("BOB")).status == .ok)
            let after = try await client.call(.get, "\(companyPath)/customers/\(customer)", key: admin)
            #expect(after["fields"]?["creditLimitLCY"]?.decimal == 60000)

            let lower = try await client.call(
                .patch, "\(companyPath)/customers/\(customer)", key: gateway.key("integration"), body: #"{"fields": {"creditLimitLCY": 1000}}"#
            )
            #expect(lower["fields"]?["creditLimitLCY"]?.decimal == 1000, "a decrease is not the rule's Increased")
        }
    }
}
