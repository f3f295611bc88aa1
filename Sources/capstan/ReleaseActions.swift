import ArgumentParser
import Client
import Core
import Foundation

/// The release a `capstan releases <action>` command acts on, and the server to ask.
struct ReleaseTarget: ParsableArguments {
    @Argument(help: "The release's id.") var id: Int64
    @OptionGroup(title: "Server") var client: ClientOptions

    /// Does `action` with a client for the server, then prints the release as it stands after.
    func act(_ action: (APIClient, String) async throws(ClientError) -> ReleaseRecord) async throws {
        try await reportingFailures { () async throws(ClientError) in
            let api = try client.makeClient(environment: ProcessInfo.processInfo.environment)
            writeLine(try await action(api, String(id)).summary)
        }
    }
}

/// A `capstan releases <action> ID` command that posts the action with no body.
protocol ReleaseActionCommand: AsyncParsableCommand {
    static var action: ReleaseAction { get }
    var target: ReleaseTarget { get }
}

extension ReleaseActionCommand {
    func run() async throws {
        try await target.act { api, id throws(ClientError) in try await api.act(Self.action, on: id) }
    }
}

/// `capstan releases approve 12`: lets a release awaiting approval run; not by its requester.
struct ApproveRelease: ReleaseActionCommand {
    static let action = ReleaseAction.approve
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a release awaiting approval (someone other than its requester must).")

    @OptionGroup var target: ReleaseTarget
}

/// `capstan releases pause 12`: dispatches nothing new until resumed; running hosts finish.
struct PauseRelease: ReleaseActionCommand {
    static let action = ReleaseAction.pause
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Pause a running release: no new hosts start until it is resumed.")

    @OptionGroup var target: ReleaseTarget
}

/// `capstan releases resume 12`.
struct ResumeRelease: ReleaseActionCommand {
    static let action = ReleaseAction.resume
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused release.")

    @OptionGroup var target: ReleaseTarget
}

/// `capstan releases retry 12`: a new attempt for the failed, unreachable and cancelled hosts.
struct RetryRelease: ReleaseActionCommand {
    static let action = ReleaseAction.retry
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Retry a release's failed, unreachable and cancelled hosts.")

    @OptionGroup var target: ReleaseTarget
}

/// `capstan releases abort 12 [--stop]`: cancels what has not started.
struct AbortRelease: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abort", abstract: "Abort a release: hosts not started are cancelled; running ones finish, or with --stop are stopped.")

    @OptionGroup var target: ReleaseTarget
    @Flag(help: "Tell hosts running their job to stop the current step instead of letting them finish.") var stop = false

    func run() async throws {
        try await target.act { api, id throws(ClientError) in try await api.abort(id, mode: stop ? .stop : .finish) }
    }
}
