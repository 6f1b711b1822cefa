import FlowGateCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Calls and JSON edits the workflow API tests share (the scenario helpers live on `ApprovalScenarioTests`).
enum WorkflowCalls {
    /// A JSON value from text (`.null` when the text is not JSON, which the test then shows).
    static func parse(_ text: String) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null
    }

    /// JSON text of a value, keys sorted, to send as a body.
    static func text(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `POST .../workflowTemplates/{template}/copy` with the admin key.
    static func copy(
        _ client: any TestClientProtocol, _ gateway: TestGateway, _ template: String, as code: String, key: String = "admin"
    ) async throws -> APIResponse {
        try await client.call(
            .post, "\(companyPath)/workflowTemplates/\(template)/copy", key: gateway.key(key),
            body: #"{"code": "\#(code)", "description": "Copy of \#(template)"}"#
        )
    }

    /// `GET .../workflows/{code}` with the admin key.
    static func get(_ client: any TestClientProtocol, _ gateway: TestGateway, _ code: String, company: String = companyPath) async throws -> APIResponse {
        try await client.call(.get, "\(company)/workflows/\(code)", key: gateway.key("admin"))
    }

    /// `PUT .../workflows/{code}` with a JSON value as the body.
    static func put(
        _ client: any TestClientProtocol, _ gateway: TestGateway, _ code: String, _ body: JSONValue, ifMatch: String? = nil,
        key: String = "admin"
    ) async throws -> APIResponse {
        var headers: HTTPFields = [:]
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return try await client.call(.put, "\(companyPath)/workflows/\(code)", key: gateway.key(key), body: try text(body), headers: headers)
    }

    /// `POST .../workflows/{code}/enable|disable` with the admin key.
    static func action(_ client: any TestClientProtocol, _ gateway: TestGateway, _ code: String, _ action: String) async throws -> APIResponse {
        try await client.call(.post, "\(companyPath)/workflows/\(code)/\(action)", key: gateway.key("admin"))
    }

    /// Copies `template` as `code`, sets `delegateAfter` on its CREATEAPPROVALREQUESTS step, and enables it.
    static func enableCopy(
        _ client: any TestClientProtocol, _ gateway: TestGateway, _ template: String, as code: String, delegateAfter: String? = nil
    ) async throws {
        let copy = try await copy(client, gateway, template, as: code)
        #expect(copy.status == .created, "\(copy.text)")
        if let delegateAfter {
            let edited = copy.json.editingSteps("CREATEAPPROVALREQUESTS") { $0.settingArgument("delegateAfter", .string(delegateAfter)) }
            let put = try await put(client, gateway, code, edited)
            #expect(put.status == .ok, "\(put.text)")
        }
        let enabled = try await action(client, gateway, code, "enable")
        #expect(enabled.status == .ok, "\(enabled.text)")
    }

    /// A new open sales document of `amount` with the given salesperson, created by the integration key.
    static func salesDocument(
        _ client: any TestClientProtocol, _ gateway: TestGateway, type: String = "Order", salesperson: String, amount: Int
    ) async throws -> String {
        let created = try await client.call(
            .post, "\(companyPath)/salesDocuments", key: gateway.key("integration"),
            body: #"{"documentType": "\#(type)", "salespersonPurchaserCode": "\#(salesperson)", "lines": [{"type": "Item", "number": "1896-S", "quantity": 1, "unitPrice": \#(amount)}]}"#
        )
        #expect(created.status == .created, "\(created.text)")
        return try #require(created["id"]?.string)
    }

    /// `POST .../salesDocuments/{id}/sendApprovalRequest`.
    static func send(_ client: any TestClientProtocol, _ gateway: TestGateway, _ id: String, key: String, body: String? = nil) async throws -> APIResponse {
        try await client.call(.post, "\(companyPath)/salesDocuments/\(id)/sendApprovalRequest", key: gateway.key(key), body: body)
    }

    /// The demo order S-ORD10001's id as the API spells it.
    static func demoOrder(_ gateway: TestGateway) -> String { gateway.salesOrderId.uuidString.lowercased() }
}

extension JSONValue {
    /// This object with `key` set to `value`.
    func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var object) = self else { return self }
        object[key] = value
        return .object(object)
    }

    /// This workflow with `transform` applied to every step whose function name is `functionName`.
    func editingSteps(_ functionName: String, _ transform: (JSONValue) -> JSONValue) -> JSONValue {
        let steps = (self["steps"]?.array ?? []).map { $0["functionName"]?.string == functionName ? transform($0) : $0 }
        return setting("steps", .array(steps))
    }

    /// This step with one option of its argument set (the argument is created when it is null).
    func settingArgument(_ key: String, _ value: JSONValue) -> JSONValue {
        let argument = self["argument"].flatMap { $0 == .null ? nil : $0 } ?? .object([:])
        return setting("argument", argument.setting(key, value))
    }

    /// The `code` of every element of a `value` list or `workflows` document, in order.
    var codes: [String] {
        ((self["value"] ?? self["workflows"])?.array ?? []).compactMap { $0["code"]?.string }
    }
}
