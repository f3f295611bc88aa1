import ArgumentParser
import Client
import Foundation

/// `capstan stats [--group ID] [--app web] [--env production] [--from DAY] [--to DAY]`: release
/// statistics and weekly delivery metrics, as on the `/stats` page.
struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Release statistics and weekly delivery metrics (the last 30 days by default).")

    @Option(help: "Only this product group (an id) and its subgroups.") var group: String?
    @Option(help: "Only this application.") var app: String?
    @Option(name: .customLong("env"), help: "Only this environment; delivery is measured there (default: the highest-ranked).")
    var environment: String?
    @Option(help: ArgumentHelp("The first day, in UTC.", valueName: "YYYY-MM-DD")) var from: String?
    @Option(help: ArgumentHelp("The last day, in UTC.", valueName: "YYYY-MM-DD")) var to: String?
    @Flag(help: "Print the server's JSON as it came (with the per-day series) instead of tables.") var json = false
    @OptionGroup(title: "Server") var client: ClientOptions

    func run() async throws {
        try await reportingFailures { () async throws(ClientError) in
            let api = try client.makeClient(environment: ProcessInfo.processInfo.environment)
            let (record, body) = try await api.statistics(group: group, application: app, environment: environment, from: from, to: to)
            if json {
                FileHandle.standardOutput.write(body + Data("\n".utf8))
                return
            }
            writeLine(StatisticsTable.render(record))
        }
    }
}
