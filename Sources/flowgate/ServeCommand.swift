import ArgumentParser
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

    @Flag(help: "Seed a demo company (ALICE, BOB, CAROL, a customer, an item, an open sales order) and print keys and curl commands.")
    var demo = false

    func run() async throws {
        var configuration = GatewayConfiguration()
        configuration.host = host ?? Environment.value("FLOWGATE_HOST") ?? configuration.host
        configuration.port = try port ?? Environment.int("FLOWGATE_PORT") ?? configuration.port
        configuration.database = store.resolvedDatabase
        configuration.maxBodySize = try maxBodySize ?? Environment.int("FLOWGATE_MAX_BODY_SIZE") ?? configuration.maxBodySize
        let levelName = logLevel ?? Environment.value("FLOWGATE_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelName.lowercased()) else {
            throw ValidationError("Unknown log level '\(levelName)'; use trace, debug, info, notice, warning, error or critical.")
        }
        configuration.logLevel = level
        guard (0...65535).contains(configuration.port) else { throw ValidationError("Port \(configuration.port) is out of range.") }
        let demo = self.demo || Environment.value("FLOWGATE_DEMO") == "1"

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let store = try openStore(configuration.database)
        if let key = try await FirstStart.ensureAdmin(store: store, keyFile: FirstStart.keyFilePath(forDatabase: configuration.database)) {
            Console.say("First start: created user ADMIN with an admin API key (shown once):\n  \(key)")
            if let file = FirstStart.keyFilePath(forDatabase: configuration.database) {
                Console.say("  It is also saved, readable by you only, in \(file)")
            }
        }
        let credentials = demo ? try await DemoData.seed(store: store) : nil

        let settings = configuration
        let app = buildApplication(settings, store: store, onServerRunning: { address in
            let port = address?.port ?? settings.port
            Console.say("FlowGate listening on http://\(settings.host):\(port) (database: \(settings.database))")
            if let credentials { Console.say(DemoBanner.text(credentials, host: settings.host, port: port)) }
        })
        try await app.runService()
    }
}

/// Writes to standard output unbuffered, so scripts and tests reading the pipe see it immediately.
enum Console {
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
