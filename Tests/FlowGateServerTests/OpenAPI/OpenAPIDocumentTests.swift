import FlowGateApp
import FlowGateCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import FlowGateServer

/// `GET /openapi.json` describes every route the router has, and nothing else.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static func routes() async throws -> [OpenAPIDocument.Route] {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        let router = buildRouter(GatewayConfiguration(host: "127.0.0.1", port: 0, store: gateway.storeConfiguration), gateway: gatewayOf(gateway))
        return OpenAPIDocument.routes(of: router)
    }

    static func gatewayOf(_ test: TestGateway) -> Gateway {
        Gateway(store: test.store, outbox: Outbox(baseURL: "http://127.0.0.1"))
    }

    @Test("Every route has its own description, and every description names a route")
    func everyRouteDocumented() async throws {
        let routes = try await Self.routes()
        let keys = Set(routes.map(\.key))
        let undocumented = keys.subtracting(APIOperation.all.keys).sorted()
        #expect(undocumented.isEmpty, "routes without a description:\n\(undocumented.joined(separator: "\n"))")
        if ProcessInfo.processInfo.environment["FLOWGATE_PRINT_ROUTES"] != nil { print(keys.sorted().joined(separator: "\n")) }
        let stale = Set(APIOperation.all.keys).subtracting(keys).sorted()
        #expect(stale.isEmpty, "descriptions of routes that do not exist:\n\(stale.joined(separator: "\n"))")
        let ids = APIOperation.all.values.map(\.id)
        #expect(Set(ids).count == ids.count, "operationIds are unique")
    }

    @Test("The document is served without a key, as OpenAPI 3.1 with the bearer scheme and problem+json errors")
    func served() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let response = try await client.call(.get, "/openapi.json")
            #expect(response.status == .ok)
            #expect(response["openapi"]?.string == "3.1.0")
            #expect(response["components"]?["securitySchemes"]?["bearer"]?["scheme"]?.string == "bearer")
            let health = response["paths"]?["/health/live"]?["get"]
            #expect(health?["security"]?.array?.isEmpty == true, "health needs no key")
            let subscribe = response["paths"]?["/api/v1/subscriptions"]?["post"]
            #expect(subscribe?["responses"]?["201"] != nil && subscribe?["responses"]?["default"] != nil)
            let webhooks = Set(response["webhooks"]?.objectKeys ?? [])
            #expect(webhooks == ["approval.requested", "record.changed", "instantFlow.run", "scheduledFlow.run"])
            let record = response["paths"]?["/api/v1/companies/{company}/{entitySet}/{id}"]?["get"]
            #expect(record?["parameters"]?.array?.compactMap { $0["name"]?.string } == ["company", "entitySet", "id"], "path parameters are declared")
        }
    }

    @Test("Every $ref names a schema, every schema is used, and every operation has a success answer with a schema")
    func schemasAreWhole() throws {
        let routes = APIOperation.all.keys.map { key -> OpenAPIDocument.Route in
            let parts = key.split(separator: " ", maxSplits: 1)
            return OpenAPIDocument.Route(method: String(parts[0]), path: String(parts[1]))
        }
        let document = OpenAPIDocument.make(routes: routes)
        let schemas = Set(document["components"]?["schemas"]?.objectKeys ?? [])
        var referenced = Set<String>()
        Self.collectReferences(document, into: &referenced)
        let prefix = "#/components/schemas/"
        let names = Set(referenced.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) })
        #expect(referenced.allSatisfy { $0.hasPrefix(prefix) }, "references: \(referenced.sorted())")
        #expect(names.subtracting(schemas).isEmpty, "references to missing schemas: \(names.subtracting(schemas).sorted())")
        #expect(schemas.subtracting(names).isEmpty, "schemas nothing uses: \(schemas.subtracting(names).sorted())")
        for (key, operation) in APIOperation.all {
            if case .undescribed = operation.answer { Issue.record("\(key) has no answer") }
        }
    }

    private static func collectReferences(_ value: JSONValue, into references: inout Set<String>) {
        switch value {
        case .object(let members):
            if case .string(let target)? = members["$ref"] { references.insert(target) }
            members.values.forEach { collectReferences($0, into: &references) }
        case .array(let items): items.forEach { collectReferences($0, into: &references) }
        default: break
        }
    }
}

extension JSONValue {
    fileprivate var objectKeys: [String]? { if case .object(let object) = self { Array(object.keys) } else { nil } }
}
