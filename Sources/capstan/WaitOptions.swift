import ArgumentParser
import Client
import Foundation

/// `--wait` and `--wait-timeout`, for the commands that start or follow a release.
struct WaitOptions: ParsableArguments {
    static let defaultTimeout = 1800

    @Flag(help: "Follow the release until it finishes, printing progress; the exit status tells how it ended.")
    var wait = false
    @Option(help: ArgumentHelp("How long --wait follows the release (default: \(defaultTimeout)).", valueName: "seconds"))
    var waitTimeout: Int?

    func validate() throws {
        guard let waitTimeout else { return }
        guard wait else { throw ValidationError("--wait-timeout needs --wait") }
        guard waitTimeout > 0 else { throw ValidationError("--wait-timeout must be a positive number of seconds") }
    }

    /// 0 without --wait. With it, follows `release` printing a line whenever its progress changes
    /// (`isShown`: its progress is printed already), then how it ended, and answers
    /// `ReleaseOutcome`'s exit status; anything but success also says why on standard error.
    func follow(_ release: ReleaseRecord, with api: APIClient, isShown: Bool = false) async throws(ClientError) -> Int32 {
        guard wait else { return 0 }
        let seconds = waitTimeout ?? Self.defaultTimeout
        let last = try await api.follow(release, timeout: .seconds(seconds), isShown: isShown) { writeLine($0) }
        if last != release { writeLine(last.summary) }
        let outcome = ReleaseOutcome(last.state)
        if let explanation = outcome.explanation(last, waited: seconds) {
            FileHandle.standardError.write(Data("capstan: \(explanation)\n".utf8))
        }
        return outcome.exitCode
    }
}

/// Writes `line` to standard output at once: progress must reach a CI log while the command waits,
/// and `print` holds its output back when standard output is a pipe or file.
func writeLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// The exit status a release command ends with; nothing to throw for 0.
func exitUnlessZero(_ status: Int32) throws {
    if status != 0 { throw ExitCode(status) }
}
