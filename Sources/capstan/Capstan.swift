import ArgumentParser
import Web

/// The `capstan` command: the server (`serve`, the default) and its maintenance commands.
@main
struct Capstan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capstan",
        abstract: "Release management for fleets of servers.",
        discussion: """
            Without a subcommand, capstan runs `serve`. Settings come from flags, then CAPSTAN_* \
            environment variables, then defaults:

            \(Setting.reference)
            """,
        version: App.version,
        subcommands: [Serve.self, Migrate.self, Admin.self, Audit.self, Push.self, Packages.self],
        defaultSubcommand: Serve.self)
}
