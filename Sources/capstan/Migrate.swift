import ArgumentParser
import Web

/// `capstan migrate`: applies pending migrations and says which, without starting the server.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending database migrations and print each one applied.")

    @OptionGroup(title: "Database and logging") var storage: StorageOptions

    func validate() throws {
        _ = try resolveConfiguration(flags: storage.values)
    }

    func run() async throws {
        let configuration = try resolveConfiguration(flags: storage.values)
        bootstrapLogging(level: configuration.logLevel)
        try App.migrate(configuration: configuration) { print($0) }
    }
}
