import ArgumentParser
import Web

/// `capstan serve`: runs the server until SIGTERM or SIGINT, then shuts down gracefully.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Capstan server (the default command).",
        discussion: "Applies pending migrations at start-up; stops gracefully on SIGTERM or SIGINT.")

    @OptionGroup(title: "Server") var server: ServerOptions
    @OptionGroup(title: "Database and logging") var storage: StorageOptions

    func validate() throws {
        _ = try configuration()
    }

    func run() async throws {
        let configuration = try configuration()
        bootstrapLogging(level: configuration.logLevel)
        try await App.run(configuration: configuration)
    }

    private func configuration() throws -> Web.Configuration {
        try resolveConfiguration(flags: server.values.merging(storage.values) { flag, _ in flag })
    }
}
