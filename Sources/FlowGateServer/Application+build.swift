import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// How a gateway is set up: where it listens, where it keeps its data, how much it logs.
public struct GatewayConfiguration: Sendable {
    public static let defaultDatabasePath = "./.flowgate/flowgate.sqlite"

    public var host: String
    public var port: Int
    /// A SQLite file path, or `:memory:`.
    public var database: String
    /// The file holding the key that seals secrets at rest (`--secret-key-file`); by default `<database>.key`.
    public var secretKeyFile: String?
    public var logLevel: Logger.Level
    /// Largest accepted request body, in bytes.
    public var maxBodySize: Int
    /// How often the scheduler delegates approval requests whose Delegate After has passed.
    public var delegationInterval: Duration = .seconds(300)
    /// Delays before each webhook delivery attempt (`--retry-schedule`).
    public var retrySchedule: RetrySchedule = .standard
    /// Networks webhooks may be delivered to besides public addresses (`--allow-network`).
    public var allowedNetworks: [IPNetwork] = []
    /// The gateway's address as automation platforms reach it, for the callback URLs in webhooks;
    /// by default `http://<host>:<port>` as bound.
    public var publicURL: String?

    /// Which addresses webhooks may go to.
    public var networkPolicy: NetworkPolicy { NetworkPolicy(allowedNetworks: allowedNetworks) }

    /// `http://host:port`, with an IPv6 host in brackets.
    public static func url(host: String, port: Int) -> String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    /// True when the callback URLs would name a wildcard address that no platform can call back.
    public var callbacksNeedPublicURL: Bool { publicURL == nil && ["0.0.0.0", "::", "[::]"].contains(host) }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: String = GatewayConfiguration.defaultDatabasePath,
        logLevel: Logger.Level = .info, maxBodySize: Int = 1 << 20
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.logLevel = logLevel
        self.maxBodySize = maxBodySize
    }
}

/// Opens the store a configuration names and brings its schema up to date. Its secrets are sealed with the key
/// in `secretKeyFile`, by default a file beside a SQLite database (an in-memory store keeps a key in memory).
public func openStore(_ database: String, secretKeyFile: String? = nil) throws -> any Store {
    if database == ":memory:" { return try SQLiteStore.inMemory() }
    if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
        throw FlowGateError.badRequest("unsupported-database", "PostgreSQL URLs are not supported by this build yet; use a SQLite file path.")
    }
    return try SQLiteStore(path: database, secretKeyFile: secretKeyFile)
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
    let notifier = FlowNotifier(
        store: store, baseURL: configuration.publicURL ?? GatewayConfiguration.url(host: configuration.host, port: configuration.port),
        retryPolicy: RetryPolicy(schedule: configuration.retrySchedule)
    )
    let workflows = WorkflowService(
        store: store, engine: WorkflowEngine(catalog: catalog, responseHandlers: responseHandlers), now: now, notifier: notifier
    )
    let router = buildRouter(configuration, store: store, catalog: catalog, workflows: workflows, notifier: notifier, now: now)

    let gone = GoneSubscriptions(workflows: workflows, logger: logger)
    let transport = CurlTransport(configuration: CurlTransportConfiguration(networkPolicy: configuration.networkPolicy))
    let dispatcher = WebhookDispatcher(
        outbox: store, transport: transport,
        configuration: WebhookDispatcherConfiguration(retryPolicy: RetryPolicy(schedule: configuration.retrySchedule)),
        logger: logger, now: now,
        onGone: { subscriptionId in await gone.remove(subscriptionId: subscriptionId) }
    )
    notifier.setWake { dispatcher.wake() }
    let publicURLConfigured = configuration.publicURL != nil
    let host = configuration.host

    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "FlowGate"),
        // Shut down in reverse: the scheduler and the dispatcher stop before the transport they send through.
        services: [transport, dispatcher, DelegationScheduler(workflows: workflows, interval: configuration.delegationInterval, logger: logger)],
        onServerRunning: { channel in
            if !publicURLConfigured, let port = channel.localAddress?.port { notifier.setBaseURL(GatewayConfiguration.url(host: host, port: port)) }
            await onServerRunning(channel.localAddress)
        },
        logger: logger
    )
}

/// Every route of the gateway, with its middleware, on one router.
func buildRouter(
    _ configuration: GatewayConfiguration, store: any Store, catalog: WorkflowCatalog, workflows: WorkflowService, notifier: FlowNotifier,
    now: @escaping @Sendable () -> Date
) -> Router<AppRequestContext> {
    _ = MetricsRegistry.shared
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ProblemMiddleware())
    HealthRoutes(store: store).register(on: router)

    let api = APIContext(store: store, bodyLimit: configuration.maxBodySize, now: now)
    let v1 = router.group("api/v1").add(middleware: AuthMiddleware(store: store))
    CompanyRoutes(api: api).register(on: v1)
    UserRoutes(api: api).register(on: v1)
    SetupRoutes(api: api).register(on: v1)
    RecordRoutes(api: api, workflows: workflows).register(on: v1)
    CatalogRoutes(catalog: catalog).register(on: v1)
    WorkflowRoutes(api: api, catalog: catalog).register(on: v1)
    ApprovalRoutes(api: api, workflows: workflows).register(on: v1)
    SubscriptionRoutes(
        api: api, subscriptions: SubscriptionService(store: store, catalog: catalog, now: now), networkPolicy: configuration.networkPolicy
    ).register(on: v1)
    FlowEntryRoutes(api: api, workflows: workflows).register(on: v1)
    DeliveryRoutes(api: api, notifier: notifier).register(on: v1)
    return router
}

/// Opens the configured store and builds the application on it.
public func buildApplication(_ configuration: GatewayConfiguration) throws -> some ApplicationProtocol {
    buildApplication(configuration, store: try openStore(configuration.database, secretKeyFile: configuration.secretKeyFile))
}
