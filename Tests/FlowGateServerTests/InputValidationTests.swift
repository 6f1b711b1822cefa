import FlowGateCore
import Foundation
import HTTPTypes
import Testing

@Suite("Bad input gets a precise 4xx problem and changes nothing")
struct InputValidationTests {
    /// (what, path, body, expected status, expected problem type, text the detail must contain)
    static let cases: [(String, String, String?, Int, String, String)] = [
        ("malformed JSON", "salesDocuments", #"{"documentType": "Order", "amount": "#, 400, "malformed-json", "not valid JSON"),
        ("a JSON array", "salesDocuments", "[1, 2]", 400, "malformed-json", "must be a JSON object"),
        ("an empty body", "salesDocuments", "", 400, "malformed-json", "empty"),
        ("a wrong type", "salesDocuments", #"{"documentType":"Order","amount":"3000"}"#, 400, "validation-failed", "amount: must be a number, not string"),
        ("an unknown field", "salesDocuments", #"{"documentType":"Order","colour":"red"}"#, 400, "validation-failed", "colour: unknown field"),
        ("a read-only field", "customers", #"{"id":"6296d4f5-0a1b-478f-b4c5-73adadcaa0ef"}"#, 400, "validation-failed", "id: is read-only"),
        ("a field of another entity", "customers", #"{"documentType":"Order"}"#, 400, "validation-failed", "documentType: unknown field for customers"),
        ("a missing document type", "salesDocuments", #"{"amount":5}"#, 400, "validation-failed", "documentType: is required"),
        ("an unknown document type", "purchaseDocuments", #"{"documentType":"Receipt"}"#, 400, "validation-failed", "'Credit Memo'"),
        ("a negative amount", "salesDocuments", #"{"documentType":"Order","amount":-1}"#, 400, "validation-failed", "amount: must be zero or greater"),
        ("a bad currency code", "salesDocuments", #"{"documentType":"Order","currencyCode":"EURO"}"#, 400, "validation-failed", "3-letter currency code"),
        ("an unknown salesperson", "salesDocuments", #"{"documentType":"Order","salespersonPurchaserCode":"NOPE"}"#, 400, "validation-failed", "'NOPE' does not exist"),
        ("a bad line", "salesDocuments", #"{"documentType":"Order","lines":[{"quantity":"two"}]}"#, 400, "validation-failed", "lines[0].quantity"),
        ("a negative line quantity", "salesDocuments", #"{"documentType":"Order","lines":[{"quantity":-5,"unitPrice":100}]}"#, 400, "validation-failed", "lines[0].quantity: must be zero or greater"),
        ("null fields", "customers", #"{"fields":null}"#, 400, "validation-failed", "set it to null inside fields"),
        ("a number no decimal holds", "salesDocuments", #"{"documentType":"Order","amount":1e400}"#, 400, "validation-failed", "amount: is a number too large or too small"),
        ("a tiny number in a line", "salesDocuments", #"{"documentType":"Order","lines":[{"quantity":1e-400}]}"#, 400, "validation-failed", "lines[0].quantity: is a number too"),
        ("a large number in free fields", "customers", #"{"fields":{"rating":1.5e300}}"#, 400, "validation-failed", "fields.rating: is a number too"),
        ("Pending Approval set by hand", "salesDocuments", #"{"documentType":"Order","status":"Pending Approval"}"#, 400, "validation-failed", "sendApprovalRequest"),
        ("an unknown entity set", "salesOrders", #"{"documentType":"Order"}"#, 404, "unknown-entity-set", "Unknown entity set 'salesOrders'"),
    ]

    @Test("Each bad create is refused precisely", arguments: cases.indices)
    func badCreate(index: Int) async throws {
        let (what, entitySet, body, status, type, detail) = Self.cases[index]
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        let before = try await (gateway.recordCount(.salesDocuments), gateway.recordCount(.customers), gateway.recordCount(.purchaseDocuments))
        try await gateway.test { client in
            let response = try await client.call(.post, "\(companyPath)/\(entitySet)", key: gateway.key("integration"), body: body)
            #expect(response.status.code == status, "\(what): \(response.text)")
            #expect(response.isProblem, "\(what)")
            #expect(response["type"]?.string == type, "\(what)")
            #expect(response.detail.contains(detail), "\(what): \(response.detail)")
            #expect(response["status"]?.decimal == Decimal(status))
        }
        let after = try await (gateway.recordCount(.salesDocuments), gateway.recordCount(.customers), gateway.recordCount(.purchaseDocuments))
        #expect(before == after, "\(what) must not change the store")
    }

    @Test("Validation names every bad field at once in errors[]")
    func allFieldErrors() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let response = try await client.call(
                .post, "\(companyPath)/salesDocuments", key: gateway.key("integration"),
                body: #"{"documentType":"Order","amount":"x","currencyCode":"E","extra":1}"#
            )
            #expect(response.status == .badRequest)
            let fields = Set((response["errors"]?.array ?? []).compactMap { $0["field"]?.string })
            #expect(fields == ["amount", "currencyCode", "extra"])
        }
    }

    @Test("A body over the limit gets 413 and nothing is stored")
    func bodyTooLarge() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        let before = try await gateway.recordCount(.customers)
        try await gateway.test(maxBodySize: 1024) { client in
            let big = #"{"fields":{"notes":""# + String(repeating: "x", count: 4000) + #""}}"#
            let response = try await client.call(.post, "\(companyPath)/customers", key: gateway.key("integration"), body: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.isProblem)
            #expect(response.detail.contains("1024 bytes"))
        }
        #expect(try await gateway.recordCount(.customers) == before)
    }

    @Test("A non-UUID id is a 400 naming the id, not a 500")
    func nonUUIDIdentifier() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            for method in [HTTPRequest.Method.get, .patch, .delete] {
                let response = try await client.call(method, "\(companyPath)/customers/not-a-uuid", key: gateway.key("integration"), body: method == .patch ? "{}" : nil)
                #expect(response.status == .badRequest, "\(method)")
                #expect(response.detail.contains("'not-a-uuid' is not a UUID"))
            }
        }
    }

    @Test("Unknown routes and companies are problem+json 404s")
    func notFound() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let route = try await client.call(.get, "/api/v1/nothing/here", key: gateway.key("admin"))
            #expect(route.status == .notFound)
            #expect(route.isProblem)
            let company = try await client.call(.get, "/api/v1/companies/NOSUCH/customers", key: gateway.key("admin"))
            #expect(company.status == .notFound)
            #expect(company.detail == "Company 'NOSUCH' does not exist.")
        }
    }

    @Test("A known path asked with a method it does not serve → 405 problem+json with Allow, not 404")
    func methodNotAllowed() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let admin = gateway.key("admin")
            for (method, path, allow) in [
                (HTTPRequest.Method.trace, "/api/v1/companies", "GET, POST"),
                (.delete, "/health/live", "GET"),
                (.put, "\(companyPath)/workflows/export", "GET"),
                (.patch, "\(companyPath)/workflows/SOAPW", "DELETE, GET, PUT"),
            ] {
                let response = try await client.call(method, path, key: admin)
                #expect(response.status == .methodNotAllowed, "\(method) \(path): \(response.text)")
                #expect(response.isProblem)
                #expect(response["type"]?.string == "method-not-allowed")
                #expect(response.headers[.allow] == allow, "\(method) \(path)")
            }
            #expect(try await client.call(.trace, "/api/v1/nothing/here", key: admin).status == .notFound)
        }
    }

    @Test("A non-JSON content type is refused")
    func contentType() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let response = try await client.call(
                .post, "\(companyPath)/customers", key: gateway.key("integration"), body: "number=C1", headers: [.contentType: "application/x-www-form-urlencoded"]
            )
            #expect(response.status == .badRequest)
            #expect(response["type"]?.string == "unsupported-media-type")
        }
    }
}
