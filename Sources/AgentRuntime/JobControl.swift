import Synchronization

/// Why a running job is being stopped before it ends.
enum StopReason: Sendable, Equatable {
    /// The server answered an event with `cancel: true` (the release was aborted).
    case cancelledByServer
    /// The agent got SIGTERM or SIGINT and its grace period ran out.
    case agentStopping
}

/// The switch a job's steps consult: set a reason, then cancel the job's task so the running
/// command's process group is killed.
final class JobControl: Sendable {
    private let state = Mutex<StopReason?>(nil)

    var stopReason: StopReason? { state.withLock { $0 } }

    /// Records the first reason; later ones do not replace it.
    func stop(_ reason: StopReason) {
        state.withLock { if $0 == nil { $0 = reason } }
    }
}
