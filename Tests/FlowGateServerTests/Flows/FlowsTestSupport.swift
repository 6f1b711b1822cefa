import FlowGateCore
import FlowGateDelivery
import FlowGateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Calls shared by the automated, instant and scheduled flow tests.
enum FlowsTest {
    /// JSON text of a dictionary, for request bodies.
    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// The demo company's id, as resource paths name it.
    static func resource(_ gateway: TestGateway, _ entitySet: String) -> String {
        "/api/v1/companies/\(gateway.companyId.uuidString.lowercased())/\(entitySet)"
    }

    /// SHOPAPP subscribes `url` to changes of the entity set's records.
    static func subscribe(
        _ client: any TestClientProtocol, _ gateway: TestGateway, url: String, entitySet: String = "customers", clientState: String? = "s3cret"
    ) async throws -> APIResponse {
        var body: [String: Any] = ["notificationUrl": url, "resource": resource(gateway, entitySet)]
        if let clientState { body["clientState"] = clientState }
        return try await client.call(.post, "/api/v1/subscriptions", key: gateway.key("integration"), body: try json(body))
    }

    static func createCustomer(_ client: any TestClientProtocol, _ gateway: TestGateway, name: String) async throws -> String {
        let created = try await client.call(
            .post, "\(companyPath)/customers", key: gateway.key("integration"), body: try json(["fields": ["name": name]])
        )
        #expect(created.status == .created, "\(created.text)")
        return try #require(created["id"]?.string)
    }

    static func patchCustomer(_ client: any TestClientProtocol, _ gateway: TestGateway, _ id: String, name: String) async throws {
        let patched = try await client.call(
            .patch, "\(companyPath)/customers/\(id)", key: gateway.key("integration"), body: try json(["fields": ["name": name]])
        )
        #expect(patched.status == .ok, "\(patched.text)")
    }

    static func deleteCustomer(_ client: any TestClientProtocol, _ gateway: TestGateway, _ id: String) async throws {
        let deleted = try await client.call(.delete, "\(companyPath)/customers/\(id)", key: gateway.key("integration"))
        #expect(deleted.status == .noContent, "\(deleted.text)")
    }

    /// The notification items of a delivery: `value` of Business Central's body.
    static func items(_ delivery: FlowReceiver.Delivery) -> [[String: Any]] {
        (delivery.json["value"] as? [[String: Any]]) ?? []
    }

    /// Verifies a delivery's Standard Webhooks signature with `secret`.
    static func verify(_ delivery: FlowReceiver.Delivery, secret: String) throws {
        try StandardWebhooks.verify(
            id: delivery.headers["webhook-id"], timestamp: delivery.headers["webhook-timestamp"],
            signatureHeader: delivery.headers["webhook-signature"], body: delivery.body, secrets: [try WebhookSecret(secret)], now: Date()
        )
    }

    /// Polls until `condition` holds or `timeout` passes.
    static func eventually(_ timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}
