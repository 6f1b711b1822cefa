import ArgumentParser
import FlowGateServer
import Foundation

/// `--database`, shared by every subcommand that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "SQLite file path (or :memory:). Env: FLOWGATE_DATABASE.",
            valueName: "path"
        )
    )
    var database: String?

    var resolvedDatabase: String {
        database ?? Environment.value("FLOWGATE_DATABASE") ?? GatewayConfiguration.defaultDatabasePath
    }
}

/// Reads `FLOWGATE_*` variables, each the fallback of its flag.
enum Environment {
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    static func int(_ name: String) throws -> Int? {
        guard let raw = value(name) else { return nil }
        guard let number = Int(raw) else { throw ValidationError("\(name) must be an integer, not '\(raw)'.") }
        return number
    }
}
