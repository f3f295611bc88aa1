import Foundation

/// The steps a job goes through on the host, in order. A rollback skips the first three.
public enum JobStep: String, Sendable, Codable, CaseIterable {
    case download, verify, unpack, stop, `switch`, start, healthCheck, cleanup
}

/// How a job, or one of its steps, ended.
public enum JobOutcome: String, Sendable, Codable, CaseIterable {
    case succeeded, failed
    /// The agent stopped (restart, SIGTERM, crash) while the job ran; it was not run again.
    case interrupted
    /// The agent would not start it: an account it cannot switch to, a release directory missing for a rollback…
    case refused
}

/// One step's record: when it ran, how it ended, and the exit status of its command, if it ran one.
public struct StepRecord: Sendable, Codable, Equatable {
    public var step: JobStep
    public var startedAt: Date
    public var finishedAt: Date?
    public var outcome: JobOutcome?
    /// The command's exit status; a negative number is the signal that ended it.
    public var exitStatus: Int32?
    public var message: String?

    public init(step: JobStep, startedAt: Date, finishedAt: Date? = nil, outcome: JobOutcome? = nil,
                exitStatus: Int32? = nil, message: String? = nil) {
        self.step = step
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.exitStatus = exitStatus
        self.message = message
    }
}

/// How a job ended on the host. Kept by the agent on disk until the server acknowledges it, and
/// re-sent (by heartbeat, or in answer to a job delivered again) until then.
public struct JobResult: Sendable, Codable, Equatable {
    public var jobID: Int64
    public var outcome: JobOutcome
    /// One line for people: "health check failed after 4 tries: HTTP 503".
    public var message: String
    public var startedAt: Date
    public var finishedAt: Date
    public var steps: [StepRecord]
    /// How many bytes of log the agent wrote for this job (after its cap), so the server can ask
    /// for what it missed.
    public var logBytes: Int64

    public init(jobID: Int64, outcome: JobOutcome, message: String, startedAt: Date, finishedAt: Date,
                steps: [StepRecord] = [], logBytes: Int64 = 0) {
        self.jobID = jobID
        self.outcome = outcome
        self.message = message
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.steps = steps
        self.logBytes = logBytes
    }
}

/// `POST /agent/v1/jobs/{id}/events`: progress of a running job, sent as it happens.
///
/// `log` is a chunk of the job's output at byte `logOffset` of the job's log. The server appends it
/// only where its copy ends, so a chunk sent twice is written once; the answer says where the
/// server's copy ends, and the agent re-sends from there if that is earlier than it thought.
/// `result` ends the job.
public struct JobEvents: Sendable, Codable, Equatable {
    public var session: String
    public var started: Date?
    public var steps: [StepRecord]
    public var logOffset: Int64
    public var log: String
    public var result: JobResult?

    public init(session: String, started: Date? = nil, steps: [StepRecord] = [], logOffset: Int64 = 0, log: String = "",
                result: JobResult? = nil) {
        self.session = session
        self.started = started
        self.steps = steps
        self.logOffset = logOffset
        self.log = log
        self.result = result
    }
}

/// The answer to `JobEvents`.
public struct JobEventsResponse: Sendable, Codable, Equatable {
    /// Bytes of this job's log the server holds.
    public var logBytes: Int64
    /// Whether the result (if one was sent) is now durable.
    public var acknowledged: Bool
    /// The server wants the job stopped (the release was aborted); the agent ends the current step.
    public var cancel: Bool

    public init(logBytes: Int64, acknowledged: Bool, cancel: Bool = false) {
        self.logBytes = logBytes
        self.acknowledged = acknowledged
        self.cancel = cancel
    }
}

/// The default and largest log the server keeps per job, in bytes (10 MiB).
public let defaultJobLogCap: Int64 = 10 * 1024 * 1024
