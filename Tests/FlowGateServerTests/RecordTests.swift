import FlowGateCore
import Foundation
import HTTPTypes
import Testing

@testable import FlowGateStore

@Suite("Records: create, read, ETag/If-Match, delete, pagination")
struct RecordTests {
    @Test("A document is created with its lines, number, Location and ETag, and reads back the same")
    func createAndRead() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let created = try await client.call(
                .post, "\(companyPath)/salesDocuments", key: gateway.key("integration"),
                body: #"{"documentType":"order","salespersonPurchaserCode":"al","currencyCode":"eur","currencyFactor":0.5,"lines":[{"type":"Item","number":"1896-S","quantity":3,"unitPrice":1234.56}]}"#
            )
            #expect(created.status == .created)
            #expect(created.etag == "\"1\"")
            #expect(created["number"]?.string == "S-ORD00001")
            #expect(created["documentType"]?.string == "Order")
            #expect(created["salespersonPurchaserCode"]?.string == "AL")
            #expect(created["currencyCode"]?.string == "EUR")
            #expect(created["amount"]?.decimal == Decimal(string: "3703.68"))
            #expect(created["amountLCY"]?.decimal == Decimal(string: "7407.36"))
            #expect(created["status"]?.string == "Open")
            let location = try #require(created.headers[.location])
            let read = try await client.call(.get, location, key: gateway.key("ALICE"))
            #expect(read.status == .ok)
            #expect(read.json == created.json)
            #expect(read.etag == "\"1\"")
        }
    }

    @Test("PATCH with the current ETag applies; with a stale one it is 412 and changes nothing")
    func etagFlow() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let path = "\(companyPath)/customers"
            let created = try await client.call(.post, path, key: gateway.key("integration"), body: #"{"number":"c500","fields":{"name":"Adatum","city":"Oslo"}}"#)
            let id = try #require(created["id"]?.string)
            #expect(created["number"]?.string == "C500")

            let first = try await client.call(
                .patch, "\(path)/\(id)", key: gateway.key("integration"), body: #"{"fields":{"city":null,"phone":"555"}}"#,
                headers: [.ifMatch: "\"1\""]
            )
            #expect(first.status == .ok)
            #expect(first.etag == "\"2\"")
            #expect(first["fields"] == .object(["name": .string("Adatum"), "phone": .string("555")]))

            let stale = try await client.call(
                .patch, "\(path)/\(id)", key: gateway.key("integration"), body: #"{"fields":{"name":"Lost update"}}"#,
                headers: [.ifMatch: "\"1\""]
            )
            #expect(stale.status == .preconditionFailed)
            #expect(stale.isProblem)
            #expect(stale.detail.contains("\"2\""))

            let deleteStale = try await client.call(.delete, "\(path)/\(id)", key: gateway.key("integration"), headers: [.ifMatch: "\"1\""])
            #expect(deleteStale.status == .preconditionFailed)

            let after = try await client.call(.get, "\(path)/\(id)", key: gateway.key("integration"))
            #expect(after.json == first.json)

            let delete = try await client.call(.delete, "\(path)/\(id)", key: gateway.key("integration"), headers: [.ifMatch: "\"2\""])
            #expect(delete.status == .noContent)
            let gone = try await client.call(.get, "\(path)/\(id)", key: gateway.key("integration"))
            #expect(gone.status == .notFound)
        }
    }

    @Test("A record under an active approval refuses PATCH and DELETE with 409")
    func restrictedRecord() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        var pending = try #require(try await gateway.store.record(companyId: gateway.companyId, entitySet: .salesDocuments, id: gateway.salesOrderId))
        pending.status = .pendingApproval
        pending.restricted = true
        let stored = pending
        try await gateway.sqliteStore.writer.write { db in
            try db.execute(sql: "DELETE FROM records WHERE id = ?", arguments: [stored.id.storeKey])
            try SQLiteStore.insert(db, stored)
        }
        try await gateway.test { client in
            let path = "\(companyPath)/salesDocuments/\(gateway.salesOrderId.uuidString)"
            let patch = try await client.call(.patch, path, key: gateway.key("integration"), body: #"{"amount":1}"#)
            #expect(patch.status == .conflict)
            #expect(patch["type"]?.string == "record-restricted")
            let delete = try await client.call(.delete, path, key: gateway.key("integration"))
            #expect(delete.status == .conflict)
            #expect(delete.detail.contains("active approval"))
            let read = try await client.call(.get, path, key: gateway.key("integration"))
            #expect(read["amount"]?.decimal == 3000)
            #expect(read["status"]?.string == "Pending Approval")
        }
    }

    @Test("A duplicate number is a 409; the same number under another document type is fine")
    func duplicateNumber() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let path = "\(companyPath)/salesDocuments"
            let again = try await client.call(.post, path, key: gateway.key("integration"), body: #"{"documentType":"Order","number":"S-ORD10001"}"#)
            #expect(again.status == .conflict)
            #expect(again.detail.contains("S-ORD10001 already exists"))
            let quote = try await client.call(.post, path, key: gateway.key("integration"), body: #"{"documentType":"Quote","number":"S-ORD10001"}"#)
            #expect(quote.status == .created)
        }
    }

    @Test("Cursor pagination walks every record once; bad limits and cursors are 400")
    func pagination() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            for index in 1...6 {
                let created = try await client.call(.post, "\(companyPath)/items", key: gateway.key("integration"), body: #"{"number":"IT\#(index)"}"#)
                #expect(created.status == .created)
            }
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = "?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.call(.get, "\(companyPath)/items\(query)", key: gateway.key("ALICE"))
                #expect(page.status == .ok)
                seen += (page["value"]?.array ?? []).compactMap { $0["number"]?.string }
                cursor = page["nextCursor"]?.string
                #expect(page["nextCursor"] != nil, "nextCursor is always present")
                pages += 1
            } while cursor != nil && pages < 10
            #expect(seen == ["1896-S", "IT1", "IT2", "IT3", "IT4", "IT5", "IT6"])
            #expect(pages == 3)
            for query in ["?limit=0", "?limit=1001", "?limit=ten", "?cursor=garbage"] {
                let response = try await client.call(.get, "\(companyPath)/items\(query)", key: gateway.key("ALICE"))
                #expect(response.status == .badRequest, "\(query)")
            }
        }
    }
}
