import Foundation

/// One started deploy release as statistics see it: where, when, how it turned out, how many hosts
/// it deployed, when its package was uploaded, and when its application was next restored there.
///
/// Rollback releases are not facts of their own: they count as the rolling back of the release
/// they undo (`isUndone`).
public struct ReleaseFact: Sendable, Equatable {
    public var id: Int64
    public var applicationID: Int64
    public var environmentID: Int64
    public var state: Release.State
    /// An operator made a rollback release of it.
    public var isUndone: Bool
    public var startedAt: Date
    public var finishedAt: Date?
    /// Hosts whose current job of the release's own phase succeeded.
    public var hostsDeployed: Int
    /// When the version's package was uploaded: where lead time starts.
    public var packageCreatedAt: Date
    /// When the next release of the same application to the same environment succeeded after this
    /// one finished (deploy or rollback), if one has.
    public var restoredAt: Date?

    public init(id: Int64, applicationID: Int64 = 1, environmentID: Int64 = 1, state: Release.State, isUndone: Bool = false,
                startedAt: Date, finishedAt: Date? = nil, hostsDeployed: Int = 0, packageCreatedAt: Date? = nil, restoredAt: Date? = nil) {
        self.id = id
        self.applicationID = applicationID
        self.environmentID = environmentID
        self.state = state
        self.isUndone = isUndone
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.hostsDeployed = hostsDeployed
        self.packageCreatedAt = packageCreatedAt ?? startedAt
        self.restoredAt = restoredAt
    }

    public var outcome: Release.Outcome { Release.Outcome(state: state, isUndone: isUndone) }

    /// Start to finish, for finished releases.
    public var duration: TimeInterval? { finishedAt.map { $0.timeIntervalSince(startedAt) } }

    /// Package uploaded to release succeeded, for releases that succeeded.
    public var leadTime: TimeInterval? {
        guard state == .succeeded, let finishedAt else { return nil }
        return finishedAt.timeIntervalSince(packageCreatedAt)
    }

    /// Failed change to the next success there, for failed changes that were restored.
    public var timeToRestore: TimeInterval? {
        guard outcome.isFailedChange, let finishedAt, let restoredAt else { return nil }
        return restoredAt.timeIntervalSince(finishedAt)
    }
}

/// How many jobs failed in one step, for "the most common failing step".
public struct StepFailureCount: Sendable, Equatable {
    public var step: JobStep
    public var count: Int

    public init(step: JobStep, count: Int) {
        self.step = step
        self.count = count
    }

    /// Most failures first; a tie goes to the step that runs first.
    public static func ranked(_ counts: [StepFailureCount]) -> [StepFailureCount] {
        let order = Dictionary(uniqueKeysWithValues: JobStep.allCases.enumerated().map { ($1, $0) })
        return counts.filter { $0.count > 0 }.sorted { ($1.count, order[$0.step]!) < ($0.count, order[$1.step]!) }
    }
}
