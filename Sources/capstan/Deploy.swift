import ArgumentParser
import Client
import Core
import Foundation

/// `capstan deploy --app web --version 1.4.2 --env production [--wait]`: starts a release, for CI.
struct Deploy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Release a package version of an application to an environment.",
        discussion: """
            Prints `release <id>: <app> <version> → <env>, <state>`. Without --strategy the application's \
            default strategy applies; --machine (repeatable) narrows the targets to those machines. An \
            environment that needs approval leaves the release awaitingApproval until someone other than \
            the requester approves it (`capstan releases approve <id>`). With --wait, the command follows \
            the release, printing a line whenever its state or host counts change, then how it ended; \
            interrupting it leaves the release going. Exit status: 0 started (without --wait) or \
            succeeded, 1 the command failed (refused by the server, or the server could not be reached), \
            3 refused for a conflict (another release of the application to the environment is \
            unfinished, or the promotion gate), 10 failed, 11 failed and rolled back, 12 aborted, 13 still \
            awaiting approval and 14 still under way when --wait-timeout passed, 64 a usage mistake.
            """)

    @Option(help: "The application's name.") var app: String
    @Option(help: "The package version to release.") var version: String
    @Option(name: .customLong("env"), help: "The environment's name.") var environment: String
    @Option(help: ArgumentHelp(#"The strategy as JSON, e.g. '{"batchSize":"25%","pause":"afterFirst"}'."#, valueName: "json"))
    var strategy: String?
    @Option(name: .customLong("machine"), help: ArgumentHelp("Release only to this machine id (repeatable).", valueName: "id"))
    var machines: [Int64] = []
    @Option(help: ArgumentHelp("An admin's reason for skipping the promotion gate of a protected environment.", valueName: "text"))
    var overrideReason: String?
    @OptionGroup(title: "Waiting") var waiting: WaitOptions
    @OptionGroup(title: "Server") var client: ClientOptions

    func validate() throws {
        do {
            _ = try strategy.map { text throws(ClientError) in try ReleaseStrategy(json: text) }
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let status = try await reportingFailures { () async throws(ClientError) -> Int32 in
            let api = try client.makeClient(environment: ProcessInfo.processInfo.environment)
            let request = ReleaseRequest(application: app, version: version, environment: environment,
                                         strategy: try strategy.map { text throws(ClientError) in try ReleaseStrategy(json: text) },
                                         machineIDs: machines.isEmpty ? nil : machines, overrideReason: overrideReason)
            let release = try await api.deploy(request)
            writeLine(release.summary)
            return try await waiting.follow(release, with: api)
        }
        try exitUnlessZero(status)
    }
}
