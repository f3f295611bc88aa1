import ArgumentParser
import Client
import Foundation

/// `capstan rollback --app web --env production [--wait]`: undoes the newest release there.
struct Rollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Return an environment's hosts to what they ran before the newest release of an application.",
        discussion: """
            Finds the newest release of the application to the environment, which must be finished, and \
            starts a rollback release returning each host it switched to the release kept from before \
            (nothing is downloaded). Prints the newest release and the rollback release; --wait follows \
            the rollback as `capstan deploy --wait` does. Exit status: 0 started (without --wait) or the \
            rollback succeeded, 1 the command failed (e.g. nothing to roll back, or the server could not \
            be reached), 3 refused for a conflict (the release is unfinished or was already rolled back), \
            10 the rollback failed, 12 aborted, 14 still under way when --wait-timeout passed, 64 a usage \
            mistake.
            """)

    @Option(help: "The application's name.") var app: String
    @Option(name: .customLong("env"), help: "The environment's name.") var environment: String
    @OptionGroup(title: "Waiting") var waiting: WaitOptions
    @OptionGroup(title: "Server") var client: ClientOptions

    func run() async throws {
        let status = try await reportingFailures { () async throws(ClientError) -> Int32 in
            let api = try client.makeClient(environment: ProcessInfo.processInfo.environment)
            let newest = try await api.latestRelease(of: app, to: environment)
            writeLine("rolling back \(newest.summary)")
            let rollback = try await api.rollback(newest.id)
            writeLine(rollback.summary)
            return try await waiting.follow(rollback, with: api)
        }
        try exitUnlessZero(status)
    }
}
