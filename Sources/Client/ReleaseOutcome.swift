import Core

/// How a release stood when a waiting command stopped following it, and the exit status that
/// tells a CI script so: 0 succeeded, 10 failed, 11 rolled back, 12 aborted, 13 still awaiting
/// approval and 14 still under way when the wait ran out.
///
/// The statuses stay clear of 1 (the command failed), 3 (the server refused with a conflict) and 64
/// (a usage mistake), which `ClientError.exitCode` gives.
public enum ReleaseOutcome: Sendable, Equatable {
    case succeeded, failed, rolledBack, aborted
    case awaitingApproval
    /// Running, paused, stopping or rolling back.
    case unfinished

    public init(_ state: Release.State) {
        switch state {
        case .succeeded: self = .succeeded
        case .failed: self = .failed
        case .rolledBack: self = .rolledBack
        case .aborted: self = .aborted
        case .awaitingApproval: self = .awaitingApproval
        case .running, .paused, .stopping, .rollingBack: self = .unfinished
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .succeeded: 0
        case .failed: 10
        case .rolledBack: 11
        case .aborted: 12
        case .awaitingApproval: 13
        case .unfinished: 14
        }
    }

    /// Why the command exits non-zero, for standard error (`capstan: release 12 failed`); nil on success.
    public func explanation(_ release: ReleaseRecord, waited seconds: Int) -> String? {
        switch self {
        case .succeeded: nil
        case .failed: "release \(release.id) failed"
        case .rolledBack: "release \(release.id) failed and was rolled back"
        case .aborted: "release \(release.id) was aborted"
        case .awaitingApproval: "release \(release.id) still awaits approval after \(seconds) s; it stays in place until approved or aborted"
        case .unfinished: "release \(release.id) is still \(release.state.rawValue) after \(seconds) s; it goes on without this command"
        }
    }
}
