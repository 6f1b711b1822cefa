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

/// One operation as a description documents it: its success answers by status code.
struct DocumentedOperation: Sendable {
    struct Answer: Sendable {
        /// Media type → its schema; `"*"` when the description names no media type.
        var content: [String: JSONValue?]
        var requiredHeaders: [String]
    }

    /// `METHOD /path/{template}`, as the router and `APIOperation.all` spell it.
    var key: String
    var successes: [Int: Answer]
    /// A Power Automate trigger's `x-ms-notification-content` schema: what the messages it subscribes to look like.
    var notification: JSONValue? = nil

    static let methods = ["get", "put", "post", "delete", "patch", "options", "head", "trace"]

    /// The operations of an OpenAPI 3.1 document, keyed `METHOD /path`.
    static func openAPI(_ document: JSONValue) throws -> [String: DocumentedOperation] {
        let paths = try #require(document["paths"]?.members, "the document has no paths")
        var operations: [String: DocumentedOperation] = [:]
        for (path, item) in paths {
            for method in methods {
                guard let operation = item[method] else { continue }
                var successes: [Int: Answer] = [:]
                for (code, response) in operation["responses"]?.members ?? [:] {
                    guard let status = Int(code), (200..<300).contains(status) else { continue }
                    let content = (response["content"]?.members ?? [:]).mapValues { $0["schema"] }
                    let headers = (response["headers"]?.members ?? [:]).filter { $0.value["required"]?.bool == true }.map(\.key)
                    successes[status] = Answer(content: content, requiredHeaders: headers.sorted())
                }
                let key = "\(method.uppercased()) \(path)"
                operations[key] = DocumentedOperation(key: key, successes: successes)
            }
        }
        return operations
    }

    /// The operations of a Swagger 2.0 definition, keyed `METHOD basePath+path`.
    static func swagger(_ document: JSONValue) throws -> [String: DocumentedOperation] {
        let paths = try #require(document["paths"]?.members, "the definition has no paths")
        let basePath = document["basePath"]?.string.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
        let produces = document["produces"]?.array?.compactMap(\.string) ?? []
        var operations: [String: DocumentedOperation] = [:]
        for (path, item) in paths {
            for method in methods {
                guard let operation = item[method] else { continue }
                let mediaTypes = operation["produces"]?.array?.compactMap(\.string) ?? produces
                var successes: [Int: Answer] = [:]
                for (code, response) in operation["responses"]?.members ?? [:] {
                    guard let status = Int(code), (200..<300).contains(status) else { continue }
                    let schema = response["schema"]
                    let content: [String: JSONValue?] =
                        schema == nil ? [:] : mediaTypes.isEmpty ? ["*": schema] : Dictionary(uniqueKeysWithValues: mediaTypes.map { ($0, schema) })
                    successes[status] = Answer(content: content, requiredHeaders: [])
                }
                let key = "\(method.uppercased()) \(basePath)\(path)"
                operations[key] = DocumentedOperation(key: key, successes: successes, notification: operation["x-ms-notification-content"]?["schema"])
            }
        }
        return operations
    }
}

/// A request of the contract table.
struct ContractCall: Sendable {
    var method: HTTPRequest.Method
    var path: String
    /// The test gateway's key to call with (`admin`, `integration`, `ALICE`, ...); none for the open routes.
    var key: String?
    var body: String?
    var headers: HTTPFields
    /// For an operation documenting several success codes (PUT: 201 created or 200 replaced), the one this call gets.
    var expecting: Int?

    init(
        _ method: HTTPRequest.Method, _ path: String, key: String? = "admin", body: String? = nil, headers: HTTPFields = [:], expecting: Int? = nil
    ) {
        (self.method, self.path, self.key, self.body, self.headers, self.expecting) = (method, path, key, body, headers, expecting)
    }
}

/// Ids the table's calls need, made before the table runs: each call depends on these only, never on another call of
/// the table, so a description that leaves some operations out gets the same answers for the rest.
struct ContractFixture: Sendable {
    /// The test gateway's keys by name: "admin", "integration", "ALICE", "BOB", "CAROL".
    var keys: [String: String]
    /// The loopback receivers the gateway delivers to, with what they received.
    var receivers: [FlowReceiver]
    var companyId: String
    /// The receiver that answers 200, for the table's new subscriptions and flows.
    var receiverURL: String
    var customer: String
    var customerToDelete: String
    var salesOrder: String
    var orderToSend: String
    var orderToCancel: String
    var entryToApprove: String
    var entryToReject: String
    var entryToDelegate: String
    var flowSubscription: String
    var flowEntry: String
    var flowEntryToResubmit: String
    var stepToApprove: String
    var stepToReject: String
    var stepToCancel: String
    var failedDelivery: String
    var apiKeyToDelete: String
    var instantFlow: String
    var instantFlowToDelete: String
    var instantFlowRun: String
    var scheduledFlow: String
    var scheduledFlowToDelete: String
    var recordSubscription: String
    var recordSubscriptionETag: String
    var recordSubscriptionToDelete: String
}

/// The live gateway, its receivers, the fixture, and the table of calls.
enum ContractRun {
    struct SetupFailure: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A live gateway (one delivery attempt per message, loopback allowed), receivers answering 200, 500 and 404 (all
    /// of them answer the subscription handshake), and the fixture built on them.
    static func run(_ body: @Sendable @escaping (any TestClientProtocol, ContractFixture) async throws -> Void) async throws {
        // Record changes are notified at once, so a receiver refusing them shows a deleted subscription soon.
        try await FlowTest.run(schedule: try RetrySchedule(delays: [0]), configure: { $0.flows.recordChangeDelay = 0 }) { client, gateway, receiver in
            try await FlowReceiver.run { failing in
                failing.answer(Array(repeating: 500, count: 1000))
                try await FlowReceiver.run { refusing in
                    refusing.answer(Array(repeating: 404, count: 1000))
                    let fixture = try await makeFixture(client, gateway, receiver: receiver, failing: failing, refusing: refusing)
                    try await body(client, fixture)
                }
            }
        }
    }

    /// Calls every operation the description documents through its table entry, in table order; returns every failure.
    static func check(
        _ client: any TestClientProtocol, _ fixture: ContractFixture, operations: [String: DocumentedOperation], validator: JSONSchemaValidator,
        everyTableEntryDocumented: Bool
    ) async throws -> [String] {
        var failures: [String] = []
        let keys = table.map(\.key)
        for key in Set(keys) where keys.filter({ $0 == key }).count > 1 { failures.append("\(key): the table has it more than once") }
        var planned: [(index: Int, operation: DocumentedOperation, bindings: Bindings)] = []
        for operation in operations.values {
            guard let (index, bindings) = tableEntry(for: operation.key) else {
                failures.append("\(operation.key): documented, but the contract table does not call it")
                continue
            }
            planned.append((index, operation, bindings))
        }
        if everyTableEntryDocumented {
            for (index, entry) in table.enumerated() where !planned.contains(where: { $0.index == index }) {
                failures.append("\(entry.key): the table calls it, but the document does not describe it")
            }
        }
        planned.sort { ($0.index, $0.operation.key) < ($1.index, $1.operation.key) }
        for (index, operation, bindings) in planned {
            let call = try table[index].call(fixture, bindings)
            let path = String(call.path.prefix { $0 != "?" })
            guard match(template: operation.key, method: call.method.rawValue, path: path) != nil else {
                failures.append("\(operation.key): the table's call \(call.method) \(call.path) is not this operation")
                continue
            }
            let keyName = try call.key.map { name in try #require(fixture.keys[name], "no key named \(name)") }
            let response = try await client.call(call.method, call.path, key: keyName, body: call.body, headers: call.headers)
            let found = verify(response, of: operation, call: call, validator: validator)
            failures += found.map { "\(operation.key): \($0)" }
            if ProcessInfo.processInfo.environment["FLOWGATE_CONTRACT_VERBOSE"] != nil {
                print("contract: \(operation.key) → \(response.status.code), \(response.text.utf8.count) bytes, \(found.count) failures")
            }
        }
        return failures
    }

    /// The table entry that calls a documented operation: its own key, or else the key whose parameters the
    /// documented path fills with literal segments (the fewest such).
    static func tableEntry(for documentedKey: String) -> (Int, Bindings)? {
        if let exact = table.firstIndex(where: { $0.key == documentedKey }) { return (exact, [:]) }
        let parts = documentedKey.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        return table.enumerated()
            .compactMap { index, entry in match(template: entry.key, method: parts[0], path: parts[1]).map { (index, $0) } }
            .min { $0.1.count < $1.1.count }
    }

    /// The parameters of `template` (`METHOD /a/{b}`) that `path` fills, or nil when it does not fit. A parameter of
    /// `path` (`{b}`) fits only the parameter of the same name.
    static func match(template: String, method: String, path: String) -> Bindings? {
        let parts = template.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0] == method else { return nil }
        let expected = parts[1].split(separator: "/", omittingEmptySubsequences: false)
        let actual = path.split(separator: "/", omittingEmptySubsequences: false)
        guard expected.count == actual.count else { return nil }
        var bindings: Bindings = [:]
        for (want, have) in zip(expected, actual) where want != have {
            guard want.hasPrefix("{"), want.hasSuffix("}"), !have.hasPrefix("{") else { return nil }
            bindings[String(want.dropFirst().dropLast())] = String(have)
        }
        return bindings
    }

    /// What is wrong with the messages the receivers got, measured against the document's `webhooks`: each has the
    /// Standard Webhooks headers and a body of its type's schema, and every documented type was seen.
    static func checkWebhooks(_ deliveries: [FlowReceiver.Delivery], document: JSONValue) -> [String] {
        let webhooks = document["webhooks"]?.members ?? [:]
        let validator = JSONSchemaValidator(root: document)
        var failures: [String] = []
        var seen: Set<String> = []
        for delivery in deliveries {
            guard let body = parse(delivery.text) else {
                failures.append("a webhook body is not JSON: \(delivery.text.prefix(200))")
                continue
            }
            // Record-change notifications are Business Central's `{"value": [...]}`, without a type.
            let type = body["type"]?.string ?? (body["value"] != nil ? "record.changed" : "(no type)")
            seen.insert(type)
            guard let post = webhooks[type]?["post"] else {
                failures.append("webhook \(type): not in the document's webhooks")
                continue
            }
            for case .string(let name)? in (post["parameters"]?.array ?? []).map({ $0["name"] }) where delivery.headers[name.lowercased()] == nil {
                failures.append("webhook \(type): the header \(name) is missing")
            }
            if let schema = post["requestBody"]?["content"]?["application/json"]?["schema"] {
                failures += validator.validate(body, against: schema, schemaPath: "(webhooks \(type))").map { "webhook \(type): body \($0)" }
            }
        }
        for type in Set(webhooks.keys).subtracting(seen).sorted() { failures.append("webhook \(type): documented, but the fixture received none") }
        return failures
    }

    /// What is wrong with the messages the receivers got, measured against the Swagger triggers'
    /// `x-ms-notification-content`: each trigger's schema against the messages of its kind (of its entity set, for a
    /// path that names one), and every kind of trigger saw a message.
    static func checkNotifications(_ deliveries: [FlowReceiver.Delivery], operations: [String: DocumentedOperation], document: JSONValue) -> [String] {
        let validator = JSONSchemaValidator(root: document)
        let messages = deliveries.compactMap { parse($0.text) }
        var failures: [String] = []
        var exercised: [String: Bool] = [:]
        for operation in operations.values.sorted(by: { $0.key < $1.key }) {
            guard let schema = operation.notification else { continue }
            let (index, bindings) = tableEntry(for: operation.key) ?? (-1, [:])
            let tableKey = table.indices.contains(index) ? table[index].key : operation.key
            let type: String
            switch tableKey {
            case _ where tableKey.hasSuffix("approvalRequestedSubscriptions") || tableKey.hasSuffix("/workflowWebhookSubscriptions"): type = "approval.requested"
            case "POST /api/v1/subscriptions": type = "record.changed"
            case _ where tableKey.hasSuffix("/instantFlows"): type = "instantFlow.run"
            case _ where tableKey.hasSuffix("/scheduledFlows"): type = "scheduledFlow.run"
            default:
                failures.append("\(operation.key): a trigger, but the contract test does not know which messages it receives")
                continue
            }
            let matching = messages.filter { message in
                (message["type"]?.string ?? (message["value"] != nil ? "record.changed" : "")) == type
                    && bindings["entitySet"].map { message["data"]?["entitySet"]?.string == $0 } ?? true
            }
            exercised[type, default: false] = exercised[type, default: false] || !matching.isEmpty
            for message in matching {
                failures += validator.validate(message, against: schema, schemaPath: "(\(operation.key) notification)").map {
                    "\(operation.key): notification \($0)"
                }
            }
        }
        for (type, seen) in exercised.sorted(by: { $0.key < $1.key }) where !seen {
            failures.append("\(type): the Swagger definition has triggers for it, but the fixture received no such message")
        }
        return failures
    }

    /// What is wrong with one answer, measured against its operation's description.
    static func verify(_ response: APIResponse, of operation: DocumentedOperation, call: ContractCall, validator: JSONSchemaValidator) -> [String] {
        let documented = operation.successes.keys.sorted()
        let status = Int(response.status.code)
        let expected: Int
        if let wanted = call.expecting {
            guard documented.contains(wanted) else { return ["the call gets \(wanted), but the document lists only \(documented) as success"] }
            expected = wanted
        } else {
            guard documented.count == 1, let only = documented.first else {
                return ["the document lists \(documented.isEmpty ? "no" : "\(documented.count)") success codes \(documented); expected exactly one"]
            }
            expected = only
        }
        guard status == expected, let answer = operation.successes[expected] else {
            return ["\(call.method) \(call.path) answered \(status), documented \(expected): \(response.text.prefix(600))"]
        }
        var failures: [String] = []
        for header in answer.requiredHeaders where HTTPField.Name(header).map({ response.headers[$0] == nil }) ?? true {
            failures.append("the documented header \(header) is missing")
        }
        let mediaType = response.headers[.contentType].map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }
        if answer.content.isEmpty {
            if !response.text.isEmpty { failures.append("no content documented, but the body is \(response.text.prefix(200))") }
            return failures
        }
        let schema: JSONValue?
        if let mediaType, let documentedSchema = answer.content.first(where: { $0.key.lowercased() == mediaType })?.value {
            schema = documentedSchema
        } else if let anyType = answer.content["*"] {
            schema = anyType
        } else {
            failures.append("Content-Type \(mediaType ?? "(none)"), documented \(answer.content.keys.sorted())")
            return failures
        }
        guard let schema else { return failures }
        let body: JSONValue
        if let mediaType, !mediaType.contains("json") {
            body = .string(response.text)
        } else if let parsed = parse(response.text) {
            body = parsed
        } else {
            failures.append("the body is not JSON: \(response.text.prefix(200))")
            return failures
        }
        let broken = validator.validate(body, against: schema, schemaPath: "(\(operation.key) \(expected))")
        failures += broken.map { "body \($0)" }
        return failures
    }
}

// MARK: - The fixture

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

// MARK: - The table

extension ContractRun {
    /// Values a description writes literally where the table's key has a parameter: the Swagger definition's
    /// `.../customers/approvalRequestedSubscriptions` binds `entitySet` to `customers`.
    typealias Bindings = [String: String]
    typealias Entry = (key: String, call: @Sendable (ContractFixture, Bindings) throws -> ContractCall)

    private static let company = companyPath
    private static let workflowDocument = #"{"workflows": [{"code": "CT-IMPORTED", "description": "Imported", "steps": []}]}"#

    /// How to call each operation, keyed `METHOD /path/{template}` as the document names it; in the order the calls are
    /// made, deletes last. A documented operation missing here fails the contract test.
    static let table: [Entry] = [
        // Operations
        ("GET /health/live", { _, _ in ContractCall(.get, "/health/live", key: nil) }),
        ("GET /health/ready", { _, _ in ContractCall(.get, "/health/ready", key: nil) }),
        ("GET /metrics", { _, _ in ContractCall(.get, "/metrics", key: nil) }),
        ("GET /openapi.json", { _, _ in ContractCall(.get, "/openapi.json", key: nil) }),
        // Companies and users
        ("GET /api/v1/companies", { _, _ in ContractCall(.get, "/api/v1/companies") }),
        ("POST /api/v1/companies", { _, _ in
            ContractCall(.post, "/api/v1/companies", body: #"{"name": "CONTRACT-CO", "displayName": "Contract Ltd", "localCurrencyCode": "EUR"}"#)
        }),
        ("GET /api/v1/companies/{company}", { _, _ in ContractCall(.get, company) }),
        ("PATCH /api/v1/companies/{company}", { _, _ in ContractCall(.patch, company, body: #"{"automationEnabled": true}"#) }),
        ("GET /api/v1/users", { _, _ in ContractCall(.get, "/api/v1/users") }),
        ("POST /api/v1/users", { _, _ in
            ContractCall(.post, "/api/v1/users", body: #"{"userName": "ERIN", "fullName": "Erin", "email": "erin@cronus.example", "state": "enabled"}"#)
        }),
        ("GET /api/v1/users/{user}", { _, _ in ContractCall(.get, "/api/v1/users/DAVE") }),
        ("PATCH /api/v1/users/{user}", { _, _ in ContractCall(.patch, "/api/v1/users/DAVE", body: #"{"fullName": "Dave Contract"}"#) }),
        ("GET /api/v1/users/{user}/apiKeys", { _, _ in ContractCall(.get, "/api/v1/users/DAVE/apiKeys") }),
        ("POST /api/v1/users/{user}/apiKeys", { _, _ in ContractCall(.post, "/api/v1/users/DAVE/apiKeys", body: #"{"role": "user", "companies": ["CRONUS"]}"#) }),
        // Approval setup
        ("GET /api/v1/companies/{company}/approvalUserSetup", { _, _ in ContractCall(.get, "\(company)/approvalUserSetup") }),
        ("GET /api/v1/companies/{company}/approvalUserSetup/{user}", { _, _ in ContractCall(.get, "\(company)/approvalUserSetup/BOB") }),
        ("PUT /api/v1/companies/{company}/approvalUserSetup/{user}", { _, _ in
            ContractCall(.put, "\(company)/approvalUserSetup/DAVE", body: #"{"approverId": "BOB", "salesAmountApprovalLimit": 250}"#, expecting: 201)
        }),
        ("GET /api/v1/companies/{company}/workflowUserGroups", { _, _ in ContractCall(.get, "\(company)/workflowUserGroups") }),
        ("GET /api/v1/companies/{company}/workflowUserGroups/{code}", { _, _ in ContractCall(.get, "\(company)/workflowUserGroups/CT-GROUP") }),
        ("PUT /api/v1/companies/{company}/workflowUserGroups/{code}", { _, _ in
            ContractCall(.put, "\(company)/workflowUserGroups/CT-NEW", body: #"{"description": "New", "members": [{"userName": "CAROL"}]}"#, expecting: 201)
        }),
        ("GET /api/v1/companies/{company}/salespersonsPurchasers", { _, _ in ContractCall(.get, "\(company)/salespersonsPurchasers") }),
        ("GET /api/v1/companies/{company}/salespersonsPurchasers/{code}", { _, _ in ContractCall(.get, "\(company)/salespersonsPurchasers/AL") }),
        ("PUT /api/v1/companies/{company}/salespersonsPurchasers/{code}", { _, _ in
            ContractCall(.put, "\(company)/salespersonsPurchasers/CTNEW", body: #"{"name": "New Person", "email": "new@cronus.example"}"#, expecting: 201)
        }),
        // Records
        ("GET /api/v1/companies/{company}/{entitySet}", { _, _ in ContractCall(.get, "\(company)/salesDocuments") }),
        ("POST /api/v1/companies/{company}/{entitySet}", { _, _ in
            ContractCall(
                .post, "\(company)/salesDocuments", key: "integration",
                body: #"{"documentType": "Invoice", "salespersonPurchaserCode": "BO", "currencyCode": "EUR", "currencyFactor": 0.9, "fields": {"customerNumber": "C10000"}, "lines": [{"type": "Item", "number": "1896-S", "quantity": 1, "unitPrice": 99.5}]}"#
            )
        }),
        ("GET /api/v1/companies/{company}/{entitySet}/{id}", { f, _ in ContractCall(.get, "\(company)/salesDocuments/\(f.salesOrder)") }),
        ("PATCH /api/v1/companies/{company}/{entitySet}/{id}", { f, _ in
            ContractCall(.patch, "\(company)/customers/\(f.customer)", key: "integration", body: #"{"fields": {"phone": "+1 555 0100"}}"#)
        }),
        // Instant flows
        ("GET /api/v1/companies/{company}/{entitySet}/{id}/automate", { f, _ in ContractCall(.get, "\(company)/customers/\(f.customer)/automate", key: "ALICE") }),
        ("POST /api/v1/companies/{company}/{entitySet}/{id}/automate/{flowId}", { f, _ in
            ContractCall(
                .post, "\(company)/customers/\(f.customer)/automate/\(f.instantFlow)", key: "ALICE",
                body: #"{"inputs": {"priority": "high", "note": "Contract"}}"#
            )
        }),
        ("GET /api/v1/companies/{company}/instantFlows", { _, _ in ContractCall(.get, "\(company)/instantFlows") }),
        ("POST /api/v1/companies/{company}/instantFlows", { f, _ in
            ContractCall(
                .post, "\(company)/instantFlows",
                body: try json([
                    "name": "Table flow", "target": "salesDocuments", "notificationUrl": f.receiverURL,
                    "inputs": [["name": "until", "type": "date", "required": false]],
                ])
            )
        }),
        ("GET /api/v1/companies/{company}/instantFlows/{id}", { f, _ in ContractCall(.get, "\(company)/instantFlows/\(f.instantFlow)") }),
        ("PATCH /api/v1/companies/{company}/instantFlows/{id}", { f, _ in
            ContractCall(.patch, "\(company)/instantFlows/\(f.instantFlow)", body: #"{"description": "Changed"}"#)
        }),
        ("GET /api/v1/companies/{company}/instantFlowRuns/{runId}", { f, _ in ContractCall(.get, "\(company)/instantFlowRuns/\(f.instantFlowRun)") }),
        // Scheduled flows
        ("GET /api/v1/companies/{company}/scheduledFlows", { _, _ in ContractCall(.get, "\(company)/scheduledFlows") }),
        ("POST /api/v1/companies/{company}/scheduledFlows", { f, _ in
            ContractCall(
                .post, "\(company)/scheduledFlows", key: "integration",
                body: try json([
                    "name": "Weekly", "notificationUrl": f.receiverURL,
                    "recurrence": ["frequency": "week", "interval": 1, "weekDays": ["monday"], "atHours": [6], "atMinutes": [30], "timeZone": "UTC"],
                ])
            )
        }),
        ("GET /api/v1/companies/{company}/scheduledFlows/{id}", { f, _ in ContractCall(.get, "\(company)/scheduledFlows/\(f.scheduledFlow)") }),
        ("PATCH /api/v1/companies/{company}/scheduledFlows/{id}", { f, _ in
            ContractCall(.patch, "\(company)/scheduledFlows/\(f.scheduledFlow)", key: "integration", body: #"{"name": "Soon, renamed"}"#)
        }),
        ("GET /api/v1/companies/{company}/scheduledFlows/{id}/runs", { f, _ in ContractCall(.get, "\(company)/scheduledFlows/\(f.scheduledFlow)/runs") }),
        // Automated flows
        ("POST /api/v1/subscriptions", { f, _ in
            ContractCall(
                .post, "/api/v1/subscriptions", key: "integration",
                body: try json(["notificationUrl": f.receiverURL, "resource": "/api/v1/companies/\(f.companyId)/vendors", "clientState": "table"])
            )
        }),
        ("GET /api/v1/subscriptions", { _, _ in ContractCall(.get, "/api/v1/subscriptions?includeDeleted=true", key: "integration") }),
        ("GET /api/v1/subscriptions/{id}", { f, _ in ContractCall(.get, "/api/v1/subscriptions/\(f.recordSubscription)", key: "integration") }),
        ("PATCH /api/v1/subscriptions/{id}", { f, _ in
            ContractCall(
                .patch, "/api/v1/subscriptions/\(f.recordSubscription)", key: "integration", body: #"{"clientState": "renewed"}"#,
                headers: [.ifMatch: f.recordSubscriptionETag]
            )
        }),
        // Workflows
        ("GET /api/v1/companies/{company}/workflows", { _, _ in ContractCall(.get, "\(company)/workflows") }),
        ("GET /api/v1/companies/{company}/workflows/{code}", { _, _ in ContractCall(.get, "\(company)/workflows/CT-SOAPW") }),
        ("PUT /api/v1/companies/{company}/workflows/{code}", { _, _ in
            ContractCall(.put, "\(company)/workflows/CT-PUT", body: #"{"description": "Put by the contract test", "steps": []}"#, expecting: 201)
        }),
        ("POST /api/v1/companies/{company}/workflows/{code}/enable", { _, _ in ContractCall(.post, "\(company)/workflows/CT-TOGGLE/enable") }),
        ("POST /api/v1/companies/{company}/workflows/{code}/disable", { _, _ in ContractCall(.post, "\(company)/workflows/CT-TOGGLE/disable") }),
        ("GET /api/v1/companies/{company}/workflows/{code}/export", { _, _ in ContractCall(.get, "\(company)/workflows/CT-SOAPW/export") }),
        ("GET /api/v1/companies/{company}/workflows/export", { _, _ in
            ContractCall(.get, "\(company)/workflows/export?code=CT-SOAPW&code=MS-SOAPW&includeTemplates=true")
        }),
        ("POST /api/v1/companies/{company}/workflows/import", { _, _ in ContractCall(.post, "\(company)/workflows/import", body: workflowDocument) }),
        ("GET /api/v1/companies/{company}/workflowTemplates", { _, _ in ContractCall(.get, "\(company)/workflowTemplates") }),
        ("POST /api/v1/companies/{company}/workflowTemplates/{code}/copy", { _, _ in
            ContractCall(.post, "\(company)/workflowTemplates/MS-CUSTAPW/copy", body: #"{"code": "CT-COPY", "description": "Customers"}"#)
        }),
        ("GET /api/v1/workflowEvents", { _, _ in ContractCall(.get, "/api/v1/workflowEvents") }),
        ("GET /api/v1/workflowResponses", { _, _ in ContractCall(.get, "/api/v1/workflowResponses") }),
        // Approvals
        ("POST /api/v1/companies/{company}/{entitySet}/{id}/sendApprovalRequest", { f, _ in
            ContractCall(.post, "\(company)/salesDocuments/\(f.orderToSend)/sendApprovalRequest", key: "ALICE")
        }),
        ("POST /api/v1/companies/{company}/{entitySet}/{id}/cancelApprovalRequest", { f, _ in
            ContractCall(.post, "\(company)/salesDocuments/\(f.orderToCancel)/cancelApprovalRequest", key: "ALICE")
        }),
        ("GET /api/v1/companies/{company}/approvalEntries", { _, _ in ContractCall(.get, "\(company)/approvalEntries") }),
        ("GET /api/v1/companies/{company}/approvalEntries/{entryNo}", { f, _ in ContractCall(.get, "\(company)/approvalEntries/\(f.entryToApprove)") }),
        ("POST /api/v1/companies/{company}/approvalEntries/{entryNo}/approve", { f, _ in
            ContractCall(.post, "\(company)/approvalEntries/\(f.entryToApprove)/approve", key: "BOB", body: #"{"comment": "Fine"}"#)
        }),
        ("POST /api/v1/companies/{company}/approvalEntries/{entryNo}/reject", { f, _ in
            ContractCall(.post, "\(company)/approvalEntries/\(f.entryToReject)/reject", key: "BOB", body: #"{"comment": "Too much"}"#)
        }),
        ("POST /api/v1/companies/{company}/approvalEntries/{entryNo}/delegate", { f, _ in
            ContractCall(.post, "\(company)/approvalEntries/\(f.entryToDelegate)/delegate", key: "BOB")
        }),
        ("GET /api/v1/companies/{company}/notificationEntries", { _, _ in ContractCall(.get, "\(company)/notificationEntries") }),
        ("GET /api/v1/companies/{company}/workflowStepInstances", { _, _ in ContractCall(.get, "\(company)/workflowStepInstances") }),
        ("POST /api/v1/companies/{company}/workflowStepInstances/archive", { _, _ in ContractCall(.post, "\(company)/workflowStepInstances/archive") }),
        ("GET /api/v1/companies/{company}/archivedWorkflowStepInstances", { _, _ in ContractCall(.get, "\(company)/archivedWorkflowStepInstances") }),
        // The Flow connector
        ("POST /api/v1/companies/{company}/workflowWebhookSubscriptions", { f, _ in
            ContractCall(
                .post, "\(company)/workflowWebhookSubscriptions", key: "integration",
                body: try json([
                    "notificationUrl": f.receiverURL, "eventCode": WorkflowEvents.sendVendorForApproval, "clientType": "Flow", "clientId": "contract-table",
                    "conditions": Data(#"{"Conditions":[{"Name":"number","Value":"V1*"}]}"#.utf8).base64EncodedString(),
                ])
            )
        }),
        ("POST /api/v1/companies/{company}/{entitySet}/approvalRequestedSubscriptions", { f, bound in
            let entitySet = bound["entitySet"] ?? "items"
            return ContractCall(
                .post, "\(company)/\(entitySet)/approvalRequestedSubscriptions", key: "integration",
                body: try json(["notificationUrl": f.receiverURL, "clientType": "Flow", "clientId": "contract-\(entitySet)"])
            )
        }),
        ("GET /api/v1/companies/{company}/workflowWebhookSubscriptions", { _, _ in ContractCall(.get, "\(company)/workflowWebhookSubscriptions", key: "integration") }),
        ("GET /api/v1/companies/{company}/workflowWebhookSubscriptions/{id}", { f, _ in
            ContractCall(.get, "\(company)/workflowWebhookSubscriptions/\(f.flowSubscription)", key: "integration")
        }),
        ("POST /api/v1/companies/{company}/workflowWebhookSubscriptions/{id}/rotateSecret", { f, _ in
            ContractCall(.post, "\(company)/workflowWebhookSubscriptions/\(f.flowSubscription)/rotateSecret", key: "integration")
        }),
        ("GET /api/v1/companies/{company}/workflowWebhookEntries", { _, _ in ContractCall(.get, "\(company)/workflowWebhookEntries", key: "integration") }),
        ("GET /api/v1/companies/{company}/workflowWebhookEntries/{entryNo}", { f, _ in
            ContractCall(.get, "\(company)/workflowWebhookEntries/\(f.flowEntry)", key: "integration")
        }),
        ("POST /api/v1/companies/{company}/workflowWebhookEntries/{entryNo}/resubmit", { f, _ in
            ContractCall(.post, "\(company)/workflowWebhookEntries/\(f.flowEntryToResubmit)/resubmit", key: "integration")
        }),
        ("POST /api/v1/workflowActionResponse/{workflowStepId}/approve", { f, _ in
            ContractCall(.post, "/api/v1/workflowActionResponse/\(f.stepToApprove)/approve", key: "integration")
        }),
        ("POST /api/v1/workflowActionResponse/{workflowStepId}/reject", { f, _ in
            ContractCall(.post, "/api/v1/workflowActionResponse/\(f.stepToReject)/reject", key: "integration")
        }),
        ("POST /api/v1/workflowActionResponse/{workflowStepId}/cancel", { f, _ in
            ContractCall(.post, "/api/v1/workflowActionResponse/\(f.stepToCancel)/cancel", key: "ALICE")
        }),
        // Deliveries
        ("GET /api/v1/deliveries", { _, _ in ContractCall(.get, "/api/v1/deliveries", key: "integration") }),
        ("GET /api/v1/deliveries/{id}", { f, _ in ContractCall(.get, "/api/v1/deliveries/\(f.failedDelivery)", key: "integration") }),
        ("POST /api/v1/deliveries/{id}/retry", { f, _ in ContractCall(.post, "/api/v1/deliveries/\(f.failedDelivery)/retry", key: "integration") }),
        // Deletes
        ("DELETE /api/v1/users/{user}/apiKeys/{id}", { f, _ in ContractCall(.delete, "/api/v1/users/DAVE/apiKeys/\(f.apiKeyToDelete)") }),
        ("DELETE /api/v1/companies/{company}/approvalUserSetup/{user}", { _, _ in ContractCall(.delete, "\(company)/approvalUserSetup/FRANK") }),
        ("DELETE /api/v1/companies/{company}/workflowUserGroups/{code}", { _, _ in ContractCall(.delete, "\(company)/workflowUserGroups/CT-GONE") }),
        ("DELETE /api/v1/companies/{company}/salespersonsPurchasers/{code}", { _, _ in ContractCall(.delete, "\(company)/salespersonsPurchasers/CTGONE") }),
        ("DELETE /api/v1/companies/{company}/{entitySet}/{id}", { f, _ in
            ContractCall(.delete, "\(company)/customers/\(f.customerToDelete)", key: "integration")
        }),
        ("DELETE /api/v1/companies/{company}/instantFlows/{id}", { f, _ in ContractCall(.delete, "\(company)/instantFlows/\(f.instantFlowToDelete)") }),
        ("DELETE /api/v1/companies/{company}/scheduledFlows/{id}", { f, _ in
            ContractCall(.delete, "\(company)/scheduledFlows/\(f.scheduledFlowToDelete)", key: "integration")
        }),
        ("DELETE /api/v1/subscriptions/{id}", { f, _ in ContractCall(.delete, "/api/v1/subscriptions/\(f.recordSubscriptionToDelete)", key: "integration") }),
        ("DELETE /api/v1/companies/{company}/workflows/{code}", { _, _ in ContractCall(.delete, "\(company)/workflows/CT-GONE") }),
        ("DELETE /api/v1/companies/{company}/workflowWebhookSubscriptions/{id}", { f, _ in
            ContractCall(.delete, "\(company)/workflowWebhookSubscriptions/\(f.flowSubscription)", key: "integration")
        }),
    ]
}

extension JSONValue {
    /// The members of an object.
    fileprivate var members: [String: JSONValue]? { if case .object(let members) = self { members } else { nil } }
}
