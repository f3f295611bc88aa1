import Foundation

/// One action on one machine within a release, as the server tracks it.
///
/// `pending` jobs belong to a batch the release engine has not reached (agents never see them);
/// `queued` jobs wait for their agent; `delivered` ones were handed to an agent session (a new
/// session gets them again, and the agent's own records keep it from running one twice); `running`
/// ones reported their start. The rest are final.
public struct Job: Sendable, Equatable, Identifiable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case pending, queued, delivered, running, succeeded, failed, interrupted, refused, cancelled, unreachable

        public var isFinished: Bool {
            switch self {
            case .pending, .queued, .delivered, .running: false
            case .succeeded, .failed, .interrupted, .refused, .cancelled, .unreachable: true
            }
        }

        /// Dispatched and not finished: what `maxParallel` counts.
        public var isActive: Bool { self == .queued || self == .delivered || self == .running }

        /// A host the failure limit counts: it did not end up deployed and nobody chose that.
        public var isFailure: Bool {
            switch self {
            case .failed, .interrupted, .refused, .unreachable: true
            default: false
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

    /// Whether a job is one of the release's own or returns a host after the failure limit passed.
    public enum Phase: String, Sendable, Codable, CaseIterable {
        case main, undo
    }

    public var id: Int64
    public var releaseID: Int64
    public var machineID: Int64
    public var batch: Int
    public var phase: Phase
    public var action: AgentJob.Action
    public var state: State
    public var attempt: Int
    public var spec: AgentJob
    public var message: String?
    public var queuedAt: Date?
    public var deliveredAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    public var logBytes: Int64

    public init(id: Int64, releaseID: Int64, machineID: Int64, batch: Int, phase: Phase = .main, action: AgentJob.Action,
                state: State, attempt: Int = 1, spec: AgentJob, message: String? = nil, queuedAt: Date? = nil,
                deliveredAt: Date? = nil, startedAt: Date? = nil, finishedAt: Date? = nil, logBytes: Int64 = 0) {
        self.id = id
        self.releaseID = releaseID
        self.machineID = machineID
        self.batch = batch
        self.phase = phase
        self.action = action
        self.state = state
        self.attempt = attempt
        self.spec = spec
        self.message = message
        self.queuedAt = queuedAt
        self.deliveredAt = deliveredAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.logBytes = logBytes
    }

    public var isFinished: Bool { state.isFinished }
}
