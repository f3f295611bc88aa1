import ArgumentParser
import Web

/// The `capstan` command: the server (`serve`, the default) and its maintenance commands.
@main
struct Capstan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capstan",
        abstract: "Release management for fleets of servers.",
        discussion: """
            Without a subcommand, capstan runs `serve`. `capstan --version` prints the version. Settings \
            come from flags, then CAPSTAN_* environment variables, then defaults:

            \(Setting.reference)
            """,
        subcommands: [Serve.self, Migrate.self, Admin.self, Audit.self, Push.self, Packages.self, Deploy.self, Rollback.self,
                      Releases.self, Stats.self, Export.self],
        defaultSubcommand: Serve.self)

    /// argument-parser's own version flag (`CommandConfiguration.version`) answers any `--version`
    /// when parsing fails, so `capstan push --app web --version 1.4.2` missing its file printed the
    /// version and exited 0. Here only `capstan --version` alone prints it.
    static func main() async {
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print(App.version)
            return
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
