import Foundation

/// One rollout of a package to an environment (or a return of hosts to what they ran before), as the
/// release engine drives it.
///
/// Everything a release runs is fixed when it is made: the package, the application's settings as
/// the hosts need them (`target`), the strategy, and the batches (its jobs exist from the start,
/// `pending` until dispatched). Later edits to the application change nothing in flight.
public struct Release: Sendable, Equatable, Identifiable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Waiting for a user other than the requester to approve it.
        case awaitingApproval
        /// Dispatching hosts of `currentBatch`.
        case running
        /// Dispatching nothing new until resumed (by an operator, or at `resumeAt`).
        case paused
        /// Past the failure limit or aborted: dispatching nothing, waiting for hosts still running.
        case stopping
        /// Returning the hosts already switched to their previous release.
        case rollingBack
        case succeeded, failed, aborted, rolledBack

        public var isFinished: Bool {
            switch self {
            case .awaitingApproval, .running, .paused, .stopping, .rollingBack: false
            case .succeeded, .failed, .aborted, .rolledBack: true
            }
        }
    }

    /// How an abort treats hosts already running their job.
    public enum AbortMode: String, Sendable, Codable, CaseIterable {
        /// Let them finish; cancel only what has not started.
        case finish
        /// Tell their agents to stop the current step.
        case stop
    }

    public var id: Int64
    public var applicationID: Int64
    public var applicationName: String
    public var groupID: Int64
    public var packageID: Int64
    public var version: String
    public var environmentID: Int64
    public var environmentName: String
    public var strategy: ReleaseStrategy
    public var target: AgentJob.Target
    public var state: State
    public var requestedBy: Int64
    public var requestedByLogin: String
    public var approvedBy: Int64?
    public var approvedByLogin: String?
    public var approvedAt: Date?
    /// The release this one undoes, for a rollback release.
    public var rollbackOf: Int64?
    /// The package the environment ran before (its newest succeeded release's), if any.
    public var previousPackageID: Int64?
    public var batchCount: Int
    public var currentBatch: Int
    public var resumeAt: Date?
    public var abortMode: AbortMode?
    public var message: String?
    public var overrideReason: String?
    public var revision: Int64
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    public init(id: Int64, applicationID: Int64, applicationName: String, groupID: Int64, packageID: Int64, version: String,
                environmentID: Int64, environmentName: String, strategy: ReleaseStrategy, target: AgentJob.Target, state: State,
                requestedBy: Int64, requestedByLogin: String, approvedBy: Int64? = nil, approvedByLogin: String? = nil,
                approvedAt: Date? = nil, rollbackOf: Int64? = nil, previousPackageID: Int64? = nil, batchCount: Int,
                currentBatch: Int = 0, resumeAt: Date? = nil, abortMode: AbortMode? = nil, message: String? = nil,
                overrideReason: String? = nil, revision: Int64 = 0, createdAt: Date, startedAt: Date? = nil, finishedAt: Date? = nil) {
        self.id = id
        self.applicationID = applicationID
        self.applicationName = applicationName
        self.groupID = groupID
        self.packageID = packageID
        self.version = version
        self.environmentID = environmentID
        self.environmentName = environmentName
        self.strategy = strategy
        self.target = target
        self.state = state
        self.requestedBy = requestedBy
        self.requestedByLogin = requestedByLogin
        self.approvedBy = approvedBy
        self.approvedByLogin = approvedByLogin
        self.approvedAt = approvedAt
        self.rollbackOf = rollbackOf
        self.previousPackageID = previousPackageID
        self.batchCount = batchCount
        self.currentBatch = currentBatch
        self.resumeAt = resumeAt
        self.abortMode = abortMode
        self.message = message
        self.overrideReason = overrideReason
        self.revision = revision
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    public var isFinished: Bool { state.isFinished }
    /// A rollback release returns hosts to kept releases; it never downloads.
    public var isRollback: Bool { rollbackOf != nil }
}

/// What a caller asks for when starting a release.
public struct ReleaseRequest: Sendable, Equatable {
    public var application: String
    public var version: String
    public var environment: String
    /// Replaces the application's default strategy for this release.
    public var strategy: ReleaseStrategy?
    /// A subset of the targets (machine ids); nil: every active machine of the group there.
    public var machineIDs: [Int64]?
    /// A subset of the targets by hostname, ignoring case (the deploy review's); nil: none named.
    public var hostnames: [String]?
    /// An admin's reason for skipping the promotion gate.
    public var overrideReason: String?

    public init(application: String, version: String, environment: String, strategy: ReleaseStrategy? = nil,
                machineIDs: [Int64]? = nil, hostnames: [String]? = nil, overrideReason: String? = nil) {
        self.application = application
        self.version = version
        self.environment = environment
        self.strategy = strategy
        self.machineIDs = machineIDs
        self.hostnames = hostnames
        self.overrideReason = overrideReason
    }
}
