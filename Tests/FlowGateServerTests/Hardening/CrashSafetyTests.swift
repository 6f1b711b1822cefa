import FlowGateApp
import FlowGateCore
import FlowGateStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import FlowGateServer

/// The crash-safety net: every route the router serves gets generated hostile input (nulls, wrong types, deep
/// nesting, huge strings and numbers, NUL and invalid UTF-8, unknown fields, odd path and query values) through
/// the whole application. Nothing may answer 5xx, and the gateway must still serve afterwards.
@Suite("Crash safety: generated hostile input on every route")
struct CrashSafetyTests {
    @Test("No route answers 5xx to generated bodies, path values or queries, and the gateway keeps serving")
    func everyRoute() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        let routes = Self.routes(gateway)
        #expect(routes.count >= 60, "the router lists every route: \(routes.count)")
        let failures = try await gateway.test { client in
            let fixture = try await HostileFixture.make(client, gateway)
            var failures: [String] = []
            var sent = 0
            func check(_ method: HTTPRequest.Method, _ path: String, _ body: [UInt8]?, key: String = fixture.admin) async throws {
                let status = try await Self.send(client, method, path, body: body, key: key)
                sent += 1
                if status.code >= 500 {
                    let shown = body.map { String(decoding: $0.prefix(120), as: UTF8.self) } ?? "-"
                    failures.append("\(status.code) \(method) \(path.prefix(150)) body: \(shown)")
                }
            }
            for (method, pattern) in routes {
                let path = fixture.path(pattern)
                for body in HostileInput.wholeBodies(template: fixture.template(method, pattern)) {
                    try await check(method, path, body)
                }
                for body in HostileInput.fieldMutations(of: fixture.template(method, pattern)) {
                    try await check(method, path, body)
                }
                for hostilePath in fixture.hostilePaths(pattern) {
                    try await check(method, hostilePath, Array("{}".utf8))
                }
                if method == .get {
                    for query in HostileInput.queries { try await check(method, path + query, nil) }
                }
                // A user key reaches the same parsers behind fewer permissions.
                try await check(method, path, fixture.template(method, pattern).map(HostileInput.text), key: fixture.user)
            }
            #expect(try await client.call(.get, "/health/live").status == .ok)
            #expect(try await client.call(.get, "/api/v1/companies", key: fixture.admin).status == .ok)
            #expect(sent > 3_000, "sent \(sent) requests")
            return failures
        }
        #expect(failures.isEmpty, "\(failures.count) answers were 5xx:\n\(failures.prefix(30).joined(separator: "\n"))")
    }

    /// Every route of the router, as method and pattern (`/api/v1/companies/:company/...`).
    static func routes(_ gateway: TestGateway) -> [(HTTPRequest.Method, String)] {
        let configuration = GatewayConfiguration(store: gateway.storeConfiguration)
        let router = buildRouter(configuration, gateway: Gateway(store: gateway.store, outbox: Outbox(baseURL: "http://127.0.0.1")))
        return router.routes.map { route in
            let pattern = "\(route.path)"
            return (route.method, pattern.hasPrefix("/") ? pattern : "/" + pattern)
        }
    }

    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, body: [UInt8]?, key: String
    ) async throws -> HTTPResponse.Status {
        var headers: HTTPFields = [.authorization: "Bearer \(key)"]
        if body != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
        return response.status
    }
}

/// The demo gateway's ids and names, so that generated requests reach real resources, and a body per route.
struct HostileFixture: Sendable {
    let admin: String
    let user: String
    let salesOrderId: String
    let workflow: JSONValue
    let export: JSONValue

    static func make(_ client: any TestClientProtocol, _ gateway: TestGateway) async throws -> HostileFixture {
        let admin = gateway.key("admin")
        // A user of its own, so that disabling or re-keying it leaves the keys the test calls with alone.
        _ = try await client.call(.post, "/api/v1/users", key: admin, body: #"{"userName": "FUZZ"}"#)
        _ = try await client.call(.put, "\(companyPath)/workflowUserGroups/GROUP1", key: admin, body: #"{"members": [{"userName": "ALICE"}]}"#)
        let copy = try await client.call(
            .post, "\(companyPath)/workflowTemplates/MS-SOAPW/copy", key: admin, body: #"{"code": "FUZZWF", "enabled": false}"#
        )
        #expect(copy.status == .created, "\(copy.text)")
        let export = try await client.call(.get, "\(companyPath)/workflows/FUZZWF/export", key: admin)
        return HostileFixture(
            admin: admin, user: gateway.key("ALICE"), salesOrderId: gateway.salesOrderId.uuidString.lowercased(), workflow: copy.json,
            export: export.json
        )
    }

    /// The pattern with every parameter set to an existing resource where one fits.
    func path(_ pattern: String, replacing hostile: (name: String, value: String)? = nil) -> String {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        return parts.enumerated().map { index, part -> String in
            guard part.hasPrefix(":") || part.hasPrefix("{") else { return part }
            let name = part.trimmingCharacters(in: CharacterSet(charactersIn: ":{}"))
            if let hostile, hostile.name == name { return hostile.value }
            let previous = index > 0 ? parts[index - 1] : ""
            switch name {
            case "company": return "CRONUS"
            case "entitySet": return "salesDocuments"
            case "id": return previous.hasPrefix(":") ? salesOrderId : UUID().uuidString.lowercased()
            case "user": return "FUZZ"
            case "entryNo": return "1"
            case "code":
                switch previous {
                case "workflowTemplates": return "MS-SOAPW"
                case "workflowUserGroups": return "GROUP1"
                case "salespersonsPurchasers": return "AL"
                default: return "FUZZWF"
                }
            default: return UUID().uuidString.lowercased()
            }
        }.joined(separator: "/")
    }

    /// The same route with one parameter at a time set to a hostile value.
    func hostilePaths(_ pattern: String) -> [String] {
        let names = pattern.split(separator: "/").filter { $0.hasPrefix(":") || $0.hasPrefix("{") }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ":{}")) }
        return names.flatMap { name in HostileInput.pathValues.map { path(pattern, replacing: (name, $0)) } }
    }

    /// A body the route would accept, the starting point of its field mutations; nil for routes without one.
    func template(_ method: HTTPRequest.Method, _ pattern: String) -> JSONValue? {
        func parse(_ text: String) -> JSONValue { WorkflowCalls.parse(text) }
        let conditions = Data(#"{"HeaderConditions":[{"Name":"documentType","Value":"Order|Quote"}]}"#.utf8).base64EncodedString()
        let document = #"{"documentType": "Order", "salespersonPurchaserCode": "AL", "currencyCode": "EUR", "currencyFactor": 1, "fields": {"note": "x"}, "lines": [{"lineNo": 10000, "type": "Item", "number": "1896-S", "quantity": 3, "unitPrice": 1500, "fields": {"a": 1}}]}"#
        switch (method, pattern) {
        case (.post, let p) where p.hasSuffix("/companies"): return parse(#"{"name": "Fuzz Co", "displayName": "x", "localCurrencyCode": "EUR"}"#)
        case (.post, let p) where p.hasSuffix("/users"): return parse(#"{"userName": "F1", "fullName": "x", "email": "a@b.example", "state": "enabled"}"#)
        case (.patch, let p) where p.hasSuffix("/users/:user"): return parse(#"{"fullName": "x", "email": "a@b.example", "state": "enabled"}"#)
        case (.post, let p) where p.hasSuffix("/apiKeys"): return parse(#"{"role": "user", "companies": ["CRONUS"]}"#)
        case (.put, let p) where p.contains("/approvalUserSetup/"):
            return parse(#"{"approverId": "BOB", "salespersonPurchaserCode": "AL", "salesAmountApprovalLimit": 100, "unlimitedSalesApproval": false, "purchaseAmountApprovalLimit": 0, "unlimitedPurchaseApproval": false, "requestAmountApprovalLimit": 0, "unlimitedRequestApproval": false, "substitute": "CAROL", "email": "a@b.example", "approvalAdministrator": false}"#)
        case (.put, let p) where p.contains("/workflowUserGroups/"):
            return parse(#"{"description": "x", "members": [{"userName": "ALICE", "sequenceNo": 1}, {"userName": "BOB"}]}"#)
        case (.put, let p) where p.contains("/salespersonsPurchasers/"): return parse(#"{"name": "x", "email": "a@b.example"}"#)
        case (.post, let p) where p.hasSuffix("/:entitySet"), (.patch, let p) where p.hasSuffix("/:entitySet/:id"): return parse(document)
        case (.put, let p) where p.hasSuffix("/workflows/:code"): return workflow
        case (.post, let p) where p.hasSuffix("/workflows/import"): return export
        case (.post, let p) where p.hasSuffix("/copy"): return parse(#"{"code": "C1", "description": "x", "enabled": false}"#)
        case (.post, let p) where p.hasSuffix("/workflowWebhookSubscriptions"):
            return parse(#"{"notificationUrl": "https://example.com/hook", "eventCode": "RUNWORKFLOWONSENDSALESDOCFORAPPROVAL", "conditions": "\#(conditions)", "clientType": "Flow", "clientId": "c"}"#)
        case (.post, let p) where p.hasSuffix("ApprovalRequest"): return parse(#"{"requestedBy": "ALICE"}"#)
        case (.post, let p) where p.contains("/approvalEntries/"): return parse(#"{"comment": "x"}"#)
        default: return method == .get || method == .delete ? nil : parse("{}")
        }
    }
}

/// Generated hostile input: whole bodies, one field at a time, path values and query strings.
enum HostileInput {
    static func text(_ value: JSONValue) -> [UInt8] { Array(value.jsonBytes) }

    /// Bodies that are not what any route expects as a whole.
    static func wholeBodies(template: JSONValue?) -> [[UInt8]] {
        var bodies: [[UInt8]] = [
            [], Array("null".utf8), Array("[]".utf8), Array("\"x\"".utf8), Array("1e999999".utf8), Array("{".utf8),
            Array(#"{"a":}"#.utf8), Array(repeating: UInt8(ascii: "["), count: 100_000),
            Array(String(repeating: #"{"a":"#, count: 20_000).utf8),
            Array(String(repeating: "[", count: 400).utf8) + Array(String(repeating: "]", count: 400).utf8),
            [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0xC0, 0x22, 0x7D],  // {"a":"<invalid UTF-8>"}
            Array(#"{"a":"x"#.utf8) + [0] + Array(#"y"}"#.utf8),  // a raw NUL inside a string
            Array(#"{"a":1}"#.utf8) + [0],
            Array(#"{"#.utf8) + Array(String(repeating: #""k":1,"#, count: 50_000).utf8) + Array(#""z":1}"#.utf8),
            Array(("\"" + String(repeating: "x", count: 900_000) + "\"").utf8),
            Array(repeating: UInt8(ascii: " "), count: 2 << 20),  // over the body limit: 413
        ]
        if case .object(var object)? = template {
            object["unknownField\u{0}"] = .string("x")
            bodies.append(text(.object(object)))
        }
        return bodies
    }

    /// JSON text put in place of one value.
    static let values: [String] = [
        "null", "true", "0", "-1", "1e400", "-1e400", "123456789012345678901234567890", "0.0000000000000000000000000001",
        "-9223372036854775809", "9223372036854775807", "1.5", "\"\"", #""\u0000""#, #""\ud800""#, #""é😀\t\r\n""#,
        "\"" + String(repeating: "x", count: 100_000) + "\"", "[]", "{}", "[null]", #"{"unknown":1}"#,
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        "\"" + String(repeating: "(", count: 10_000) + "\"", #""2026-02-30""#, #""9999999999D""#, #""%1 & <> .. @""#,
    ]

    /// The template with one value replaced at a time, for every value in it (depth-first, arrays and objects).
    /// Each place gets a few of the hostile values, rotating, so that every kind lands in every route.
    static func fieldMutations(of template: JSONValue?, perPlace: Int = 5) -> [[UInt8]] {
        guard let template else { return [] }
        let marker = "\u{1}HOSTILE\u{1}"
        var bodies: [[UInt8]] = []
        var rotation = 0
        for path in paths(in: template) {
            let marked = String(decoding: text(replacing(path, in: template, with: .string(marker))), as: UTF8.self)
            let quotedMarker = String(decoding: text(.string(marker)), as: UTF8.self)
            for offset in 0..<perPlace {
                let value = values[(rotation + offset) % values.count]
                bodies.append(Array(marked.replacingOccurrences(of: quotedMarker, with: value).utf8))
            }
            rotation += perPlace
        }
        return bodies
    }

    enum Step { case key(String), index(Int) }

    static func paths(in value: JSONValue, prefix: [Step] = [], depth: Int = 0) -> [[Step]] {
        guard depth < 6 else { return [] }
        switch value {
        case .object(let object):
            return object.keys.sorted().flatMap { key in
                let path = prefix + [.key(key)]
                return [path] + paths(in: object[key] ?? .null, prefix: path, depth: depth + 1)
            }
        case .array(let items):
            // The first two elements stand for the rest.
            return items.prefix(2).enumerated().flatMap { index, item in
                let path = prefix + [.index(index)]
                return [path] + paths(in: item, prefix: path, depth: depth + 1)
            }
        default:
            return []
        }
    }

    static func replacing(_ path: [Step], in value: JSONValue, with replacement: JSONValue) -> JSONValue {
        guard let first = path.first else { return replacement }
        let rest = Array(path.dropFirst())
        switch (first, value) {
        case (.key(let key), .object(var object)):
            object[key] = replacing(rest, in: object[key] ?? .null, with: replacement)
            return .object(object)
        case (.index(let index), .array(var items)) where items.indices.contains(index):
            items[index] = replacing(rest, in: items[index], with: replacement)
            return .array(items)
        default:
            return value
        }
    }

    /// Path parameter values: NUL, invalid percent-encoding and UTF-8, traversal, huge, negative and overflowing.
    static let pathValues = [
        "%00", "%FF%FE", "%C0%AF", "..%2F..%2Fetc", "%", "%2", String(repeating: "A", count: 5_000), "-1", "0",
        "99999999999999999999999", "9223372036854775808", "%F0%9F%98%80", "%20", "null",
    ]

    static let queries = [
        "?limit=-1", "?limit=0", "?limit=99999999999999999999", "?limit=abc", "?cursor=%00%FF", "?cursor=" + String(repeating: "Z", count: 5_000),
        "?cursor=-1", "?status=%00", "?recordId=zzz", "?limit=1&limit=2", "?response=%FF", "?subscriptionId=..%2F", "?approverId=%00",
    ]
}
