import FlowGateStore
import Foundation
import Hummingbird
import Metrics
import NIOCore
import Prometheus

/// `/health/live`, `/health/ready` and `/metrics`: unauthenticated, for orchestrators and Prometheus.
struct HealthRoutes {
    let store: any Store

    func register(on router: Router<AppRequestContext>) {
        router.get("health/live") { _, _ in
            try JSONResponse.make(["status": "live"])
        }
        router.get("health/ready") { _, context in
            do {
                try await store.checkReady()
                return try JSONResponse.make(["status": "ready"])
            } catch {
                context.logger.warning("store not ready", metadata: ["error": "\(error)"])
                return try JSONResponse.make(["status": "unavailable", "detail": "the store does not answer"], status: .serviceUnavailable)
            }
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: MetricsRegistry.shared.emitToBuffer()))
            )
        }
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
