import FlowGateCore
import FlowGateDelivery
import FlowGateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A live gateway on the demo data whose dispatcher may deliver to loopback, with a fast retry schedule,
/// and a receiver standing in for the automation platform.
enum FlowTest {
    /// Immediately, then three quick retries: the standard schedule's shape at test speed.
    static let fastSchedule = try! RetrySchedule(delays: [0, 0.05, 0.05, 0.05])

    static func base64(_ json: String) -> String { Data(json.utf8).base64EncodedString() }
    static let ordersOnly = base64(#"{"HeaderConditions":[{"Name":"documentType","Value":"Order"}]}"#)

    /// Runs `body` against a live gateway (dispatcher running) and a receiver.
    static func run(
        on backend: TestBackend = .sqlite, allowLoopback: Bool = true, schedule: RetrySchedule = fastSchedule,
        configure: (inout GatewayConfiguration) -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol, TestGateway, FlowReceiver) async throws -> Void
    ) async throws {
        let gateway = try await TestGateway.make(backend)
        defer { gateway.remove() }
        var configuration = GatewayConfiguration(host: "127.0.0.1", port: 0, store: gateway.storeConfiguration, logLevel: .error)
        configuration.retrySchedule = schedule
        configuration.recordChangeRetrySchedule = schedule
        configure(&configuration)
        if allowLoopback { configuration.allowedNetworks = NetworkPolicy.loopbackNetworks }
        do {
            try await FlowReceiver.run { receiver in
                try await buildApplication(configuration, store: gateway.store).test(.live) { client in
                    try await body(client, gateway, receiver)
                }
            }
        } catch {
            await gateway.dropDatabase()
            throw error
        }
        await gateway.dropDatabase()
    }

    /// SHOPAPP (an integration key) subscribes `url` to sales document approvals, orders only by default.
    static func subscribe(
        _ client: any TestClientProtocol, _ gateway: TestGateway, url: String, conditions: String? = ordersOnly,
        eventCode: String = WorkflowEvents.sendSalesDocForApproval, clientId: String = "flow-1", key: String = "integration"
    ) async throws -> APIResponse {
        var body: [String: String] = ["notificationUrl": url, "eventCode": eventCode, "clientType": "Flow", "clientId": clientId]
        if let conditions { body["conditions"] = conditions }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        return try await client.call(.post, "\(companyPath)/workflowWebhookSubscriptions", key: gateway.key(key), body: text)
    }

    /// ALICE sends the record for approval.
    static func send(_ client: any TestClientProtocol, _ gateway: TestGateway, _ id: String, by user: String = "ALICE") async throws -> APIResponse {
        try await client.call(.post, "\(companyPath)/salesDocuments/\(id)/sendApprovalRequest", key: gateway.key(user))
    }

    /// Calls the callback URL a delivery carries for `action` (approve, reject, cancel), as `user`.
    static func answer(_ client: any TestClientProtocol, _ gateway: TestGateway, _ delivery: FlowReceiver.Delivery, _ action: String, by user: String = "integration") async throws -> APIResponse {
        let data = delivery.json["data"] as? [String: Any]
        let callbacks = data?["callbacks"] as? [String: String]
        let url = try #require(callbacks?[action].flatMap(URL.init(string:)), "delivery has no \(action) callback: \(delivery.text)")
        return try await client.call(.post, url.path, key: gateway.key(user))
    }

    static func order(_ client: any TestClientProtocol, _ gateway: TestGateway, _ id: String) async throws -> APIResponse {
        try await client.call(.get, "\(companyPath)/salesDocuments/\(id)", key: gateway.key("admin"))
    }

    /// Polls GET /deliveries until the subscription's messages reach `status` (or 20 s pass); returns the list.
    static func waitForDeliveries(
        _ client: any TestClientProtocol, _ gateway: TestGateway, subscription: String, status: String, count: Int = 1
    ) async throws -> [JSONValue] {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let list = try await client.call(.get, "/api/v1/deliveries?subscriptionId=\(subscription)", key: gateway.key("admin"))
            let items = list["value"]?.array ?? []
            if items.filter({ $0["status"]?.string == status }).count >= count || ContinuousClock.now > deadline { return items }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Verifies the delivery with the Python `standardwebhooks` library (`scripts/verify-webhook.py`);
    /// returns the payload's type as the library read it.
    static func verifyWithPython(_ delivery: FlowReceiver.Delivery, secret: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let python = ProcessInfo.processInfo.environment["FLOWGATE_TEST_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, root.appendingPathComponent("scripts/verify-webhook.py").path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (input, output, errors)
        try process.run()
        let capture: [String: Any] = ["secret": secret, "headers": delivery.headers, "body": delivery.text]
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: capture))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "standardwebhooks rejected the delivery (run scripts/install-test-tools and export FLOWGATE_TEST_PYTHON): \(err)")
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
