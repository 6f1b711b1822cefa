import FlowGateApp
import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// How a gateway is set up: where it listens, where it keeps its data, how much it logs.
public struct GatewayConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Where state is kept (`--database`, `--secret-key-file`).
    public var store: StoreConfiguration
    public var logLevel: Logger.Level
    /// Largest accepted request body, in bytes.
    public var maxBodySize: Int
    /// How often the scheduler delegates approval requests whose Delegate After has passed.
    public var delegationInterval: Duration = .seconds(300)
    /// Delays before each webhook delivery attempt (`--retry-schedule`).
    public var retrySchedule: RetrySchedule = .standard
    /// Delays before each attempt of a record-change notification (`--record-change-retry-schedule`): 36 hours.
    public var recordChangeRetrySchedule: RetrySchedule = .apiWebhook
    /// Automated, instant and scheduled flows: subscription lifetime and limit, the record-change window.
    public var flows = FlowSettings()
    /// Networks webhooks may be delivered to besides public addresses (`--allow-network`).
    public var allowedNetworks: [IPNetwork] = []
    /// The gateway's address as automation platforms reach it, for the callback URLs in webhooks;
    /// by default `http://<host>:<port>` as bound.
    public var publicURL: String?
    /// How long a claimed webhook message stays leased to this instance (`--delivery-lease`); by default the
    /// dispatcher's (request timeout + 15 s).
    public var deliveryLease: Duration?
    /// This gateway instance, the owner of the delivery leases it takes: a new id at every start.
    public var instanceId: String = DeliveryLease.newOwner()

    /// Which addresses webhooks may go to.
    public var networkPolicy: NetworkPolicy { NetworkPolicy(allowedNetworks: allowedNetworks) }

    /// `http://host:port`, with an IPv6 host in brackets.
    public static func url(host: String, port: Int) -> String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    /// True when the callback URLs would name a wildcard address that no platform can call back.
    public var callbacksNeedPublicURL: Bool { publicURL == nil && ["0.0.0.0", "::", "[::]"].contains(host) }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, store: StoreConfiguration = .default, logLevel: Logger.Level = .info,
        maxBodySize: Int = 1 << 20
    ) {
        self.host = host
        self.port = port
        self.store = store
        self.logLevel = logLevel
        self.maxBodySize = maxBodySize
    }
}

/// Builds the gateway's HTTP application on an open store.
///
/// `onServerRunning` receives the bound address, which matters when `port` is 0.
public func buildApplication(
    _ configuration: GatewayConfiguration, store: any Store, catalog: WorkflowCatalog = .standard,
    responseHandlers: [any WorkflowResponseHandler] = [], now: @escaping @Sendable () -> Date = { Date() },
    onServerRunning: @escaping @Sendable (SocketAddress?) async -> Void = { _ in }
) -> some ApplicationProtocol {
    var logger = Logger(label: "flowgate")
    logger.logLevel = configuration.logLevel
    let retryPolicy = RetryPolicy(schedule: configuration.retrySchedule, apiWebhookSchedule: configuration.recordChangeRetrySchedule)
    let outbox = Outbox(
        baseURL: configuration.publicURL ?? GatewayConfiguration.url(host: configuration.host, port: configuration.port),
        factory: OutboundMessageFactory(retryPolicy: retryPolicy)
    )
    let transport = CurlTransport(configuration: CurlTransportConfiguration(networkPolicy: configuration.networkPolicy))
    let recordChanges = RecordChangeSignal()
    let gateway = Gateway(
        store: store, catalog: catalog, responseHandlers: responseHandlers, outbox: outbox, flowSettings: configuration.flows,
        transport: transport, recordChanges: recordChanges, now: now
    )
    let router = buildRouter(configuration, gateway: gateway)

    let gone = GoneSubscriptions(gateway: gateway, logger: logger)
    var dispatcherConfiguration = WebhookDispatcherConfiguration(retryPolicy: retryPolicy, instanceId: configuration.instanceId)
    if let lease = configuration.deliveryLease { dispatcherConfiguration.leaseDuration = lease }
    let dispatcher = WebhookDispatcher(
        outbox: store, transport: transport, configuration: dispatcherConfiguration, logger: logger, now: now,
        onGone: { endpoint in await gone.remove(endpoint) }
    )
    outbox.setWake { dispatcher.wake() }
    let flowSignal = WakeSignal()
    recordChanges.setWake { flowSignal.signal() }
    let publicURLConfigured = configuration.publicURL != nil
    let host = configuration.host

    var services: [any Service] = [
        transport, dispatcher,
        DelegationScheduler(
            approvals: gateway.approvals, jobs: gateway.scheduledJobs(instanceId: configuration.instanceId),
            interval: configuration.delegationInterval, logger: logger
        ),
        FlowScheduler(records: gateway.recordSubscriptions, scheduled: gateway.scheduledFlows, signal: flowSignal, logger: logger, now: now),
    ]
    if let wakeups = store as? any OutboxWakeups {
        services.append(OutboxWatcher(wakeups: wakeups, wake: { dispatcher.wake() }, logger: logger))
    }

    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "FlowGate"),
        // Shut down in reverse: the watcher, the scheduler and the dispatcher stop before the transport they send through.
        services: services,
        onServerRunning: { channel in
            if !publicURLConfigured, let port = channel.localAddress?.port { outbox.setBaseURL(GatewayConfiguration.url(host: host, port: port)) }
            await onServerRunning(channel.localAddress)
        },
        logger: logger
    )
}

/// Every route of the gateway, with its middleware, on one router.
func buildRouter(_ configuration: GatewayConfiguration, gateway: Gateway) -> Router<AppRequestContext> {
    _ = MetricsRegistry.shared
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.addRoutes(HealthController(gateway: gateway).endpoints)

    let api = APIContext(gateway: gateway, bodyLimit: configuration.maxBodySize)
    let v1 = router.group("api/v1").add(middleware: AuthMiddleware(directory: gateway.directory))
    v1.addRoutes(CompanyController(api: api).endpoints)
    v1.addRoutes(UserController(api: api).endpoints)
    v1.addRoutes(SetupController.approvalUserSetup(api).endpoints)
    v1.addRoutes(SetupController.workflowUserGroups(api).endpoints)
    v1.addRoutes(SetupController.salespersonsPurchasers(api).endpoints)
    v1.addRoutes(RecordController(api: api).endpoints)
    v1.addRoutes(CatalogController(catalog: gateway.catalog).endpoints)
    v1.addRoutes(WorkflowController(api: api).endpoints)
    v1.addRoutes(ApprovalController(api: api).endpoints)
    v1.addRoutes(SubscriptionController(api: api, networkPolicy: configuration.networkPolicy).endpoints)
    v1.addRoutes(FlowEntryController(api: api).endpoints)
    v1.addRoutes(DeliveryController(api: api).endpoints)
    v1.addRoutes(RecordSubscriptionController(api: api, networkPolicy: configuration.networkPolicy).endpoints)
    v1.addRoutes(InstantFlowController(api: api, networkPolicy: configuration.networkPolicy).endpoints)
    v1.addRoutes(ScheduledFlowController(api: api, networkPolicy: configuration.networkPolicy).endpoints)
    // Built once every other route is in, from the router's own list.
    let document = OpenAPIDocument.make(routes: OpenAPIDocument.routes(of: router))
    router.get("openapi.json") { _, _ in JSONResponse.make(document) }
    // Last: middleware added now wraps only the not-found answer, which becomes 405 for a known path.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

/// Opens the configured store and builds the application on it.
public func buildApplication(_ configuration: GatewayConfiguration) async throws -> some ApplicationProtocol {
    buildApplication(configuration, store: try await configuration.store.open())
}
