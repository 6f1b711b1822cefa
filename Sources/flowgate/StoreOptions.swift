import ArgumentParser
import FlowGateServer
import FlowGateStore
import Foundation

/// `--database`, shared by every subcommand that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "SQLite file path, :memory:, or a postgres:// URL. Env: FLOWGATE_DATABASE. Default ./.flowgate/flowgate.sqlite.",
            valueName: "path"
        )
    )
    var database: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "File with the key that seals secrets (webhook signing secrets) in the database; created 0600 on first start. Back it up with the database. Env: FLOWGATE_SECRET_KEY_FILE. Default <database>.key.",
            valueName: "path"
        )
    )
    var secretKeyFile: String?

    /// The store these options name, parsed once; a bad value is a clear command-line error.
    func configuration() throws -> StoreConfiguration {
        let database = database ?? Environment.value("FLOWGATE_DATABASE") ?? StoreConfiguration.defaultDatabasePath
        do {
            return try StoreConfiguration(database: database, secretKeyFile: secretKeyFile ?? Environment.value("FLOWGATE_SECRET_KEY_FILE"))
        } catch {
            throw ValidationError("Invalid --database '\(database)': \(error)")
        }
    }

    /// Opens the store these options name.
    func open() async throws -> any Store {
        try await configuration().open()
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
