import Core

/// How a job step failed: the outcome the job ends with, one line for people, and the command's
/// exit status when a command ran.
struct StepFailure: Error, Equatable, Sendable, CustomStringConvertible {
    var outcome: JobOutcome
    var message: String
    var exitStatus: Int32?

    init(_ message: String, outcome: JobOutcome = .failed, exitStatus: Int32? = nil) {
        self.outcome = outcome
        self.message = message
        self.exitStatus = exitStatus
    }

    var description: String { message }

    static func refused(_ message: String) -> StepFailure { StepFailure(message, outcome: .refused) }
}
