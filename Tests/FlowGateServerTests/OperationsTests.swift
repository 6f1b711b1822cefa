import FlowGateCore
import FlowGateServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Health, metrics and request ids")
struct OperationsTests {
    @Test("Liveness and readiness answer without a key; readiness checks the store")
    func health() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            #expect(try await client.call(.get, "/health/live").status == .ok)
            let ready = try await client.call(.get, "/health/ready")
            #expect(ready.status == .ok)
            #expect(ready["status"]?.string == "ready")
        }
    }

    @Test("Readiness is 503 when the store does not answer")
    func notReady() async throws {
        let app = buildApplication(GatewayConfiguration(port: 0, logLevel: .critical), store: BrokenStore())
        try await app.test(.router) { client in
            let response = try await client.call(.get, "/health/ready")
            #expect(response.status == .serviceUnavailable)
        }
    }

    @Test("/metrics counts requests and their latency per route in Prometheus format")
    func metrics() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            _ = try await client.call(.get, "\(companyPath)/workflowUserGroups", key: gateway.key("admin"))
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let route = #"http_route="/api/v1/companies/{company}/workflowUserGroups""#
            #expect(metrics.text.contains(#"hb_requests{"# + route))
            #expect(metrics.text.contains(#"http_server_request_duration_bucket{"# + route))
        }
    }

    @Test("Each response carries X-Request-Id; a caller's own id is echoed")
    func requestIds() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let own = try await client.call(.get, "/health/live", headers: [HTTPField.Name("X-Request-Id")!: "trace-123"])
            #expect(own.headers[HTTPField.Name("X-Request-Id")!] == "trace-123")
            let problem = try await client.call(.get, "/api/v1/companies")
            let id = try #require(problem.headers[HTTPField.Name("X-Request-Id")!])
            #expect(problem["requestId"]?.string == id)
        }
    }
}
