import FlowGateApp
import Foundation
import Hummingbird
import Metrics
import NIOCore
import Prometheus

/// `/health/live`, `/health/ready` and `/metrics`: unauthenticated, for orchestrators and Prometheus.
struct HealthController {
    let gateway: Gateway

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("health/live", use: live)
        routes.get("health/ready", use: ready)
        routes.get("metrics", use: metrics)
        return routes
    }

    @Sendable func live(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(["status": "live"])
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            try await gateway.checkReady()
            return try JSONResponse.make(["status": "ready"])
        } catch {
            context.logger.warning("store not ready", metadata: ["error": "\(error)"])
            return try JSONResponse.make(["status": "unavailable", "detail": "the store does not answer"], status: .serviceUnavailable)
        }
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: MetricsRegistry.shared.emitToBuffer()))
        )
    }
}

/// The process-wide Prometheus registry; swift-metrics may be bootstrapped only once per process.
public enum MetricsRegistry {
    public static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
