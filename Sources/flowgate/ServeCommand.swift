import ArgumentParser
import FlowGateDelivery
import FlowGateServer
import Foundation
import Hummingbird
import Logging

/// `flowgate serve`: runs the gateway until SIGTERM or SIGINT, then drains in-flight requests.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the gateway.")

    @Option(help: "Address to listen on. Env: FLOWGATE_HOST. Default 127.0.0.1.")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one. Env: FLOWGATE_PORT. Default 8080.")
    var port: Int?

    @OptionGroup var store: StoreOptions

    @Option(help: "trace, debug, info, notice, warning, error or critical. Env: FLOWGATE_LOG_LEVEL. Default info.")
    var logLevel: String?

    @Option(help: "Largest request body accepted, in bytes. Env: FLOWGATE_MAX_BODY_SIZE. Default 1048576.")
    var maxBodySize: Int?

    @Option(help: ArgumentHelp(
        "Seconds before each webhook delivery attempt, comma-separated; the first is the wait before the first attempt. Env: FLOWGATE_RETRY_SCHEDULE. Default 0,5,300,1800,7200,18000,36000,36000.",
        valueName: "seconds"
    ))
    var retrySchedule: String?

    @Option(help: ArgumentHelp(
        "A network (CIDR) webhooks may be delivered to although it is not public, e.g. 127.0.0.0/8 or 10.0.0.0/8; repeatable. Env: FLOWGATE_ALLOW_NETWORKS (comma-separated). --demo allows loopback.",
        valueName: "cidr"
    ))
    var allowNetwork: [String] = []

    @Option(help: ArgumentHelp(
        "Seconds a claimed webhook message stays leased to this instance before another may take it over; longer than the 30 s request timeout, short enough that a dead instance's messages move on soon. Env: FLOWGATE_DELIVERY_LEASE. Default 45.",
        valueName: "seconds"
    ))
    var deliveryLease: Int?

    @Option(help: ArgumentHelp(
        "How often overdue approval requests are delegated to substitutes (Delegate After); with several instances, one of them runs each time. Env: FLOWGATE_DELEGATION_INTERVAL. Default 300.",
        valueName: "seconds"
    ))
    var delegationInterval: Int?

    @Option(help: ArgumentHelp(
        "How long a record-change subscription lives before it must be renewed (PATCH). Env: FLOWGATE_SUBSCRIPTION_LIFETIME. Default 259200 (3 days).",
        valueName: "seconds"
    ))
    var subscriptionLifetime: Int?

    @Option(help: ArgumentHelp(
        "How long record changes wait in a subscription's window, coalesced, before they are notified; 0 sends each at once. Env: FLOWGATE_RECORD_CHANGE_DELAY. Default 30.",
        valueName: "seconds"
    ))
    var recordChangeDelay: Int?

    @Option(help: ArgumentHelp(
        "Live record-change subscriptions a company may have. Env: FLOWGATE_MAX_SUBSCRIPTIONS. Default 200.", valueName: "count"
    ))
    var maxSubscriptions: Int?

    @Option(help: ArgumentHelp(
        "Above this many changed records in one window, a single 'collection' notification is sent. Env: FLOWGATE_COLLECTION_THRESHOLD. Default 1000.",
        valueName: "count"
    ))
    var collectionThreshold: Int?

    @Option(help: ArgumentHelp(
        "Seconds before each attempt of a record-change notification, comma-separated (408, 429 and 5xx are retried, other refusals delete the subscription). Env: FLOWGATE_RECORD_CHANGE_RETRY_SCHEDULE. Default 0,60,600,3600,10800,21600,43200,49740 (36 hours).",
        valueName: "seconds"
    ))
    var recordChangeRetrySchedule: String?

    @Option(help: "The gateway's URL as automation platforms reach it, for the callback URLs in webhooks. Env: FLOWGATE_PUBLIC_URL. Default http://<host>:<port>.")
    var publicURL: String?

    @Flag(help: "Seed a demo company (ALICE, BOB, CAROL, a customer, an item, an open sales order) and print keys and curl commands.")
    var demo = false

    func run() async throws {
        var configuration = GatewayConfiguration()
        configuration.host = host ?? Environment.value("FLOWGATE_HOST") ?? configuration.host
        configuration.port = try port ?? Environment.int("FLOWGATE_PORT") ?? configuration.port
        configuration.store = try store.configuration()
        configuration.maxBodySize = try maxBodySize ?? Environment.int("FLOWGATE_MAX_BODY_SIZE") ?? configuration.maxBodySize
        let levelName = logLevel ?? Environment.value("FLOWGATE_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelName.lowercased()) else {
            throw ValidationError("Unknown log level '\(levelName)'; use trace, debug, info, notice, warning, error or critical.")
        }
        configuration.logLevel = level
        guard (0...65535).contains(configuration.port) else { throw ValidationError("Port \(configuration.port) is out of range.") }
        let demo = self.demo || Environment.value("FLOWGATE_DEMO") == "1"
        try configureDelivery(&configuration, demo: demo)

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let store = try await configuration.store.open(serving: true)
        let adminKeyFile = configuration.store.adminKeyFile
        if let key = try await FirstStart.ensureAdmin(store: store, keyFile: adminKeyFile) {
            Console.say("First start: created user ADMIN with an admin API key (shown once):\n  \(key)")
            if let file = adminKeyFile {
                Console.say("  It is also saved, readable by you only, in \(file)")
            }
        }
        let credentials = demo ? try await DemoData.seed(store: store) : nil

        if configuration.callbacksNeedPublicURL {
            Console.say("Warning: listening on \(configuration.host) without --public-url; webhooks will carry callback URLs on that address, which platforms cannot call. Set --public-url.")
        }
        let settings = configuration
        let app = buildApplication(settings, store: store, onServerRunning: { address in
            let port = address?.port ?? settings.port
            Console.say("FlowGate listening on http://\(settings.host):\(port) (database: \(settings.store.displayName))")
            if let credentials { Console.say(DemoBanner.text(credentials, host: settings.host, port: port)) }
        })
        try await app.runService()
    }
}

extension ServeCommand {
    /// The webhook delivery options: retry schedule, allowed networks (loopback too with --demo), public URL.
    func configureDelivery(_ configuration: inout GatewayConfiguration, demo: Bool) throws {
        if let text = retrySchedule ?? Environment.value("FLOWGATE_RETRY_SCHEDULE") {
            do {
                configuration.retrySchedule = try RetrySchedule(parsing: text)
            } catch {
                throw ValidationError("Invalid retry schedule '\(text)': \(error)")
            }
        }
        var networks = allowNetwork
        if networks.isEmpty, let text = Environment.value("FLOWGATE_ALLOW_NETWORKS") {
            networks = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        for text in networks {
            do {
                configuration.allowedNetworks.append(try IPNetwork(text))
            } catch {
                throw ValidationError("Invalid network '\(text)' for --allow-network: \(error)")
            }
        }
        if demo { configuration.allowedNetworks += NetworkPolicy.loopbackNetworks }
        if let seconds = try deliveryLease ?? Environment.int("FLOWGATE_DELIVERY_LEASE") {
            guard (1...86_400).contains(seconds) else { throw ValidationError("The delivery lease must be 1 to 86400 seconds, not \(seconds).") }
            configuration.deliveryLease = .seconds(seconds)
        }
        if let seconds = try delegationInterval ?? Environment.int("FLOWGATE_DELEGATION_INTERVAL") {
            guard (1...86_400).contains(seconds) else {
                throw ValidationError("The delegation interval must be 1 to 86400 seconds, not \(seconds).")
            }
            configuration.delegationInterval = .seconds(seconds)
        }
        try configureFlows(&configuration)
        if let url = publicURL ?? Environment.value("FLOWGATE_PUBLIC_URL") {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw ValidationError("Invalid public URL '\(url)'; give an http or https URL such as https://flowgate.example.com.")
            }
            configuration.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
    }
}

extension ServeCommand {
    /// The automated-flow options: subscription lifetime and limit, the record-change window and its retries.
    func configureFlows(_ configuration: inout GatewayConfiguration) throws {
        if let seconds = try subscriptionLifetime ?? Environment.int("FLOWGATE_SUBSCRIPTION_LIFETIME") {
            guard (60...31_536_000).contains(seconds) else {
                throw ValidationError("The subscription lifetime must be 60 to 31536000 seconds, not \(seconds).")
            }
            configuration.flows.subscriptionLifetime = TimeInterval(seconds)
        }
        if let seconds = try recordChangeDelay ?? Environment.int("FLOWGATE_RECORD_CHANGE_DELAY") {
            guard (0...86_400).contains(seconds) else { throw ValidationError("The record change delay must be 0 to 86400 seconds, not \(seconds).") }
            configuration.flows.recordChangeDelay = TimeInterval(seconds)
        }
        if let count = try maxSubscriptions ?? Environment.int("FLOWGATE_MAX_SUBSCRIPTIONS") {
            guard (1...100_000).contains(count) else { throw ValidationError("The subscription limit must be 1 to 100000, not \(count).") }
            configuration.flows.maximumSubscriptionsPerCompany = count
        }
        if let count = try collectionThreshold ?? Environment.int("FLOWGATE_COLLECTION_THRESHOLD") {
            guard (1...1_000_000).contains(count) else { throw ValidationError("The collection threshold must be 1 to 1000000, not \(count).") }
            configuration.flows.collectionThreshold = count
        }
        if let text = recordChangeRetrySchedule ?? Environment.value("FLOWGATE_RECORD_CHANGE_RETRY_SCHEDULE") {
            do {
                configuration.recordChangeRetrySchedule = try RetrySchedule(parsing: text)
            } catch {
                throw ValidationError("Invalid record-change retry schedule '\(text)': \(error)")
            }
        }
    }
}

/// Writes to standard output unbuffered, so scripts and tests reading the pipe see it immediately.
enum Console {
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
