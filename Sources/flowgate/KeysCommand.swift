import ArgumentParser
import FlowGateApp
import FlowGateCore
import FlowGateServer
import Foundation

/// `flowgate keys create --user NAME --role ROLE`: mints an API key straight in the store.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys.", subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API key for a user and print it once.")

        @Option(help: "The user the key belongs to; created if it does not exist.")
        var user: String

        @Option(help: "admin, integration or user.")
        var role: String

        @Option(name: .customLong("company"), help: "Limit the key to this company (id or name); repeatable. Default: every company.")
        var companies: [String] = []

        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let role = Role(rawValue: role.lowercased()) else {
                throw ValidationError("Unknown role '\(role)'; use admin, integration or user.")
            }
            let userName: String
            do { userName = try Code.normalize(user, field: "user") } catch { throw ValidationError("\(error)") }
            let store = try await self.store.open()
            var companyIds: [UUID] = []
            for name in companies {
                guard let company = try await store.company(idOrName: name) else { throw ValidationError("Company '\(name)' does not exist.") }
                if !companyIds.contains(company.id) { companyIds.append(company.id) }
            }
            if try await store.user(named: userName) == nil {
                _ = try await store.createUser(User(userName: userName, createdAt: Date()))
            }
            let (key, record) = APIKeySecret.make(
                userName: userName, role: role, companies: companies.isEmpty ? nil : companyIds, now: Date()
            )
            _ = try await store.createAPIKey(record)
            print(key)
        }
    }
}

/// `flowgate migrate`: brings the store's schema up to date and exits.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or upgrade the database schema, then exit.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let configuration = try store.configuration()
        let applied = try await configuration.migrate()
        print("Database \(configuration.displayName) is up to date\(applied.isEmpty ? "" : " (applied \(applied.joined(separator: ", ")))").")
    }
}
