import FlowGateCore
import FlowGateDelivery
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The API does what its descriptions say: every operation of `GET /openapi.json` (and of the Power Automate
/// connector's Swagger definition) is called for real on a live gateway, and each answer's status, content type
/// and body are checked against the description.
@Suite("OpenAPI contract")
struct OpenAPIContractTests {
    @Test("Every operation of /openapi.json answers its documented success status, content type and schema; every webhook matches its schema")
    func openAPIDocument() async throws {
        try await ContractRun.run { client, fixture in
            let response = try await client.call(.get, "/openapi.json")
            let document = try #require(ContractRun.parse(response.text), "GET /openapi.json is not JSON: \(response.status)")
            let operations = try DocumentedOperation.openAPI(document)
            var failures = try await ContractRun.check(
                client, fixture, operations: operations, validator: JSONSchemaValidator(root: document), everyTableEntryDocumented: true
            )
            failures += ContractRun.checkWebhooks(fixture.receivers.flatMap(\.deliveries), document: document)
            if !failures.isEmpty { Issue.record("\(failures.count) contract failures against /openapi.json:\n\(failures.joined(separator: "\n"))") }
        }
    }

    @Test("Without a key every authenticated operation answers 401 as its documented default: problem+json of the Problem schema")
    func unauthorizedProblems() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let document = try #require(ContractRun.parse(try await client.call(.get, "/openapi.json").text))
            let validator = JSONSchemaValidator(root: document)
            var failures: [String] = []
            var called = 0
            for (path, item) in document["paths"]?.members ?? [:] {
                for method in DocumentedOperation.methods {
                    guard let operation = item[method], operation["security"]?.array?.isEmpty != true,
                        let httpMethod = HTTPRequest.Method(method.uppercased())
                    else { continue }
                    let key = "\(method.uppercased()) \(path)"
                    let concrete = path.replacing(#/\{[^}]+\}/#, with: "x")
                    let response = try await client.call(httpMethod, concrete)
                    called += 1
                    guard response.status == .unauthorized else {
                        failures.append("\(key): answered \(response.status.code) without a key, not 401")
                        continue
                    }
                    let documented = operation["responses"]?["default"]?["content"]?.members ?? [:]
                    let mediaType = response.headers[.contentType].map { String($0.split(separator: ";")[0]) }
                    guard let mediaType, let content = documented[mediaType] else {
                        failures.append("\(key): 401 as \(response.headers[.contentType] ?? "(no type)"), documented \(documented.keys.sorted())")
                        continue
                    }
                    guard let schema = content["schema"] else { continue }
                    let body = ContractRun.parse(response.text) ?? .string(response.text)
                    failures += validator.validate(body, against: schema).map { "\(key): 401 body \($0)" }
                }
            }
            #expect(called > 50, "the document lists the authenticated operations")
            if !failures.isEmpty { Issue.record("\(failures.count) problem answers differ from the document:\n\(failures.sorted().joined(separator: "\n"))") }
        }
    }

    static let swaggerFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Connectors/PowerAutomate/apiDefinition.swagger.json")

    @Test("Every operation of the Power Automate connector's Swagger definition answers its documented status and schema; triggers' messages match")
    func powerAutomateDefinition() async throws {
        guard let data = FileManager.default.contents(atPath: Self.swaggerFile.path) else {
            Issue.record("The Power Automate definition \(Self.swaggerFile.path) does not exist.")
            return
        }
        let document = try #require(ContractRun.parse(String(decoding: data, as: UTF8.self)), "\(Self.swaggerFile.path) is not JSON")
        let operations = try DocumentedOperation.swagger(document)
        #expect(!operations.isEmpty, "the Swagger definition has no operations")
        try await ContractRun.run { client, fixture in
            var failures = try await ContractRun.check(
                client, fixture, operations: operations, validator: JSONSchemaValidator(root: document), everyTableEntryDocumented: false
            )
            failures += ContractRun.checkNotifications(fixture.receivers.flatMap(\.deliveries), operations: operations, document: document)
            if !failures.isEmpty {
                Issue.record("\(failures.count) contract failures against the Swagger definition:\n\(failures.joined(separator: "\n"))")
            }
        }
    }
}
