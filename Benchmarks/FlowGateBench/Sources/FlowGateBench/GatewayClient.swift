import FlowGateDelivery
import Foundation
import Synchronization

/// The gateway's HTTP API as the benchmark calls it, through FlowGate's own libcurl-multi transport. With several
/// instances, each request goes to the next one in turn, as behind a round-robin load balancer.
struct GatewayClient: Sendable {
    let transport: CurlTransport
    /// `http://127.0.0.1:<port>` of each instance.
    let baseURLs: [String]
    private let turn = Turn()

    /// The instance the next request goes to.
    private final class Turn: Sendable {
        private let counter = Atomic<Int>(0)
        func next(of count: Int) -> Int { counter.add(1, ordering: .relaxed).oldValue % count }
    }

    init(baseURLs: [String], maximumConnections: Int) {
        transport = CurlTransport(
            configuration: CurlTransportConfiguration(
                networkPolicy: NetworkPolicy(allowedNetworks: NetworkPolicy.loopbackNetworks), maximumResponseBodyBytes: 1 << 20,
                maximumConnectionsPerHost: maximumConnections, maximumCachedConnections: maximumConnections,
                maximumIdleHandles: maximumConnections, userAgent: "FlowGateBench"
            )
        )
        self.baseURLs = baseURLs
    }

    func post(_ path: String, key: String, json: String = "", method: String = "POST", absolute: Bool = false) async -> Result<OutboundResponse, TransportError> {
        let baseURL = baseURLs[turn.next(of: baseURLs.count)]
        let request = OutboundRequest(
            url: baseURL + (absolute ? "" : "/api/v1/companies/CRONUS") + path, method: method,
            headers: [(name: "Authorization", value: "Bearer \(key)"), (name: "Content-Type", value: "application/json")],
            body: Array(json.utf8), connectTimeout: .seconds(10), timeout: .seconds(60)
        )
        do {
            return .success(try await transport.send(request))
        } catch {
            return .failure(error)
        }
    }

    /// Subscribes `url` to sales document approvals (Flow), which registers and enables the webhook workflow.
    func subscribe(url: String, key: String) async throws {
        let body = #"{"notificationUrl":"\#(url)","eventCode":"RUNWORKFLOWONSENDSALESDOCFORAPPROVAL","clientType":"Flow","clientId":"flowgate-bench"}"#
        let response = try await post("/workflowWebhookSubscriptions", key: key, json: body).get()
        guard response.statusCode == 201 else {
            throw BenchError("subscribing the receiver answered \(response.statusCode): \(String(decoding: response.body, as: UTF8.self))")
        }
    }

    static let orderJSON =
        #"{"documentType":"Order","salespersonPurchaserCode":"AL","lines":[{"type":"Item","number":"1896-S","quantity":1,"unitPrice":10}]}"#

    /// Creates one open sales order; returns its id (lowercased).
    func createOrder(key: String) async throws -> String {
        let response = try await post("/salesDocuments", key: key, json: Self.orderJSON).get()
        guard response.statusCode == 201,
              let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let id = object["id"] as? String else {
            throw BenchError("creating an order answered \(response.statusCode): \(String(decoding: response.body.prefix(500), as: UTF8.self))")
        }
        return id.lowercased()
    }

    /// The baseline: the same HTTP, key check and record read and JSON answer, without the workflow write.
    func getOrder(_ order: String, key: String) async -> Result<OutboundResponse, TransportError> {
        await post("/salesDocuments/\(order)", key: key, method: "GET")
    }

    /// The floor: the server's own HTTP path, no key check, no database.
    func live() async -> Result<OutboundResponse, TransportError> {
        await post("/health/live", key: "", method: "GET", absolute: true)
    }

    func sendApprovalRequest(order: String, key: String) async -> Result<OutboundResponse, TransportError> {
        await post("/salesDocuments/\(order)/sendApprovalRequest", key: key)
    }
}
