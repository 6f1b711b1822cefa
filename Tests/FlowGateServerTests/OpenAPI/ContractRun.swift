import FlowGateCore
import FlowGateDelivery
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

// How the contract run reads descriptions, calls the gateway and checks each answer.

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


extension JSONValue {
    /// The members of an object.
    var members: [String: JSONValue]? { if case .object(let members) = self { members } else { nil } }
}
