import ArgumentParser
import FlowGateServer

/// The `flowgate` command: run the gateway and administer its store.
@main
struct FlowGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flowgate",
        abstract: "FlowGate: Business Central-style approval workflows and a webhook gateway for automation platforms.",
        subcommands: [ServeCommand.self, KeysCommand.self, MigrateCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
