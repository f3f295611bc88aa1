import ArgumentParser
import Client
import Core
import Foundation

/// `capstan releases`: list releases, show one, and act on one under way.
struct Releases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show and act on releases.",
        subcommands: [ListReleases.self, ShowRelease.self, ApproveRelease.self, PauseRelease.self, ResumeRelease.self,
                      RetryRelease.self, AbortRelease.self])
}

/// `capstan releases list [--app web] [--env production] [--state running,paused]`, newest first.
struct ListReleases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List releases, newest first.")

    @Option(help: "Only this application's releases.") var app: String?
    @Option(name: .customLong("env"), help: "Only releases to this environment.") var environment: String?
    @Option(help: ArgumentHelp("Only releases in these states, comma-separated (\(Release.State.allCases.map(\.rawValue).joined(separator: ", "))).",
                               valueName: "states"))
    var state: String?
    @Option(help: "How many releases to show.") var limit: Int = 20
    @Option(help: "Start after this cursor (printed when more releases remain).") var cursor: String?
    @Flag(help: "Print the server's JSON as it came instead of a table.") var json = false
    @OptionGroup(title: "Server") var client: ClientOptions

    func validate() throws {
        guard (1...500).contains(limit) else { throw ValidationError("--limit must be 1 to 500") }
        _ = try states()
    }

    func run() async throws {
        try await reportingFailures { () async throws(ClientError) in
            let api = try client.makeClient(environment: ProcessInfo.processInfo.environment)
            let (page, body) = try await api.releases(application: app, environment: environment, states: (try? states()) ?? [],
                                                      limit: limit, cursor: cursor)
            if json {
                FileHandle.standardOutput.write(body + Data("\n".utf8))
                return
            }
            writeLine(page.items.isEmpty ? "no releases" : ReleaseTable.render(page.items))
            if let next = page.nextCursor {
                FileHandle.standardError.write(Data("more: --cursor \(next)\n".utf8))
            }
        }
    }

    private func states() throws -> [Release.State] {
        try (state ?? "").split(separator: ",").map { text in
            guard let state = Release.State(rawValue: String(text)) else {
                throw ValidationError("--state \(text) is not one of \(Release.State.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return state
        }
    }
}

/// `capstan releases show 12 [--wait]`: one release with its host counts.
struct ShowRelease: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a release and how its hosts stand.",
        discussion: """
            --wait follows the release as `capstan deploy --wait` does, with the same exit status: 0 \
            succeeded, 10 failed, 11 failed and rolled back, 12 aborted, 13 still awaiting approval and 14 \
            still under way when --wait-timeout passed. Without --wait: 0 shown, 1 failed, 64 a usage mistake.
            """)

    @Argument(help: "The release's id.") var id: Int64
    @Flag(help: "Print the server's JSON as it came.") var json = false
    @OptionGroup(title: "Waiting") var waiting: WaitOptions
    @OptionGroup(title: "Server") var client: ClientOptions

    func validate() throws {
        guard !(json && waiting.wait) else { throw ValidationError("--json and --wait do not go together") }
    }

    func run() async throws {
        let status = try await reportingFailures { () async throws(ClientError) -> Int32 in
            let api = try client.makeClient(environment: ProcessInfo.processInfo.environment)
            let (release, body) = try await api.release(String(id))
            if json {
                FileHandle.standardOutput.write(body + Data("\n".utf8))
                return 0
            }
            release.details.forEach(writeLine)
            return try await waiting.follow(release, with: api, isShown: true)
        }
        try exitUnlessZero(status)
    }
}
