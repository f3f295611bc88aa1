import ArgumentParser
import Client
import Foundation

/// `capstan packages --app web`: an application's package versions, newest first.
struct Packages: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List an application's package versions, newest first.")

    @Option(help: "The application's name.") var app: String
    @Option(help: "How many versions to show.") var limit: Int = 20
    @Option(help: "Start after this cursor (printed when more versions remain).") var cursor: String?
    @Flag(help: "Print the server's JSON as it came instead of a table.") var json = false
    @OptionGroup(title: "Server") var client: ClientOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() async throws {
        try await reportingFailures { () async throws(ClientError) in
            let api = try client.makeClient(environment: ProcessInfo.processInfo.environment)
            let (page, body) = try await api.packages(of: app, limit: limit, cursor: cursor)
            if json {
                FileHandle.standardOutput.write(body)
                print()
                return
            }
            print(page.items.isEmpty ? "no packages for \(app)" : PackageTable.render(page.items))
            if let next = page.nextCursor {
                FileHandle.standardError.write(Data("more: --cursor \(next)\n".utf8))
            }
        }
    }
}
