import Foundation

/// One action on one machine within a release, as the server tracks it.
///
/// `queued` jobs wait for their agent; `delivered` ones were handed to an agent session (a new
/// session gets them again, and the agent's own records keep it from running one twice); `running`
/// ones reported their start. The rest are final.
public struct Job: Sendable, Equatable, Identifiable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case queued, delivered, running, succeeded, failed, interrupted, refused, cancelled, unreachable

        public var isFinished: Bool {
            switch self {
            case .queued, .delivered, .running: false
            case .succeeded, .failed, .interrupted, .refused, .cancelled, .unreachable: true
            }
        }

        public init(_ outcome: JobOutcome) {
            switch outcome {
            case .succeeded: self = .succeeded
            case .failed: self = .failed
            case .interrupted: self = .interrupted
            case .refused: self = .refused
            }
        }
    }

    public var id: Int64
    public var releaseID: Int64
    public var machineID: Int64
    public var batch: Int
    public var action: AgentJob.Action
    public var state: State
    public var attempt: Int
    public var spec: AgentJob
    public var message: String?
    public var deliveredAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    public var logBytes: Int64

    public init(id: Int64, releaseID: Int64, machineID: Int64, batch: Int, action: AgentJob.Action, state: State,
                attempt: Int = 1, spec: AgentJob, message: String? = nil, deliveredAt: Date? = nil, startedAt: Date? = nil,
                finishedAt: Date? = nil, logBytes: Int64 = 0) {
        self.id = id
        self.releaseID = releaseID
        self.machineID = machineID
        self.batch = batch
        self.action = action
        self.state = state
        self.attempt = attempt
        self.spec = spec
        self.message = message
        self.deliveredAt = deliveredAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.logBytes = logBytes
    }

    public var isFinished: Bool { state.isFinished }
}
