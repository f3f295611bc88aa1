import Foundation

/// The release state machine: given where a release stands and its tally, the one next step.
///
/// Pure, so every rule is tested without a database or an agent. The engine applies a step (writing
/// it to the database before acting on it: dispatched jobs are `queued` before any agent is woken),
/// asks again, and stops at `.wait`; a restarted server asks again from what the database holds.
public enum ReleaseMachine {
    public enum Step: Sendable, Equatable {
        /// Nothing to do until a job changes, an operator acts or `resumeAt` comes.
        case wait
        /// Make up to `count` pending jobs of the phase runnable (of `batch`; any batch when nil).
        case dispatch(phase: Job.Phase, batch: Int?, count: Int)
        /// The current batch is done; go on with `batch`.
        case advance(to: Int)
        /// The current batch is done; stop before `batch` until resumed (at `resumeAt` with a bake time).
        case pause(before: Int, resumeAt: Date?, message: String)
        /// The bake time of a pause is over.
        case resume
        /// Past the failure limit: dispatch nothing more and wait for running hosts.
        case stop(message: String)
        /// Make undo jobs for the hosts already switched and return them.
        case startUndo
        case finish(Release.State, message: String)
    }

    public static func next(_ release: Release, tally: ReleaseTally, now: Date) -> Step {
        let strategy = release.strategy
        switch release.state {
        case .awaitingApproval, .succeeded, .failed, .aborted, .rolledBack:
            return .wait
        case .paused:
            if let resumeAt = release.resumeAt, now >= resumeAt { return .resume }
            return .wait
        case .running:
            let failures = tally.failures(.main)
            let limit = BatchPlan.failureLimit(strategy.failureLimit, of: tally.total(.main))
            if failures > limit {
                return .stop(message: "failure limit of \(limit) passed: \(hosts(failures)) failed")
            }
            let batch = release.currentBatch
            let active = tally.active(.main)
            if tally.count(.main, batch: batch, state: .pending) > 0 {
                let free = strategy.maxParallel - active
                return free > 0 ? .dispatch(phase: .main, batch: batch, count: free) : .wait
            }
            if tally.active(.main, batch: batch) > 0 { return .wait }
            if let later = laterBatchWithWork(release, tally: tally), later > batch + 1 {
                // A retry left nothing to do in the batches between.
                return .advance(to: later)
            }
            guard batch + 1 < release.batchCount, laterBatchWithWork(release, tally: tally) != nil else {
                return .finish(.succeeded, message: succeededMessage(release, tally))
            }
            let pauses = strategy.pause == .afterEach || (strategy.pause == .afterFirst && batch == 0)
            if pauses {
                let resumeAt = strategy.bake.map { now.addingTimeInterval(TimeInterval($0)) }
                let until = strategy.bake.map { "for \($0) s" } ?? "until resumed"
                return .pause(before: batch + 1, resumeAt: resumeAt, message: "paused after batch \(batch + 1) of \(release.batchCount) \(until)")
            }
            return .advance(to: batch + 1)
        case .stopping:
            if tally.active(.main) > 0 { return .wait }
            if release.abortMode != nil {
                return .finish(.aborted, message: release.message ?? "aborted")
            }
            if strategy.autoRollback && !release.isRollback { return .startUndo }
            return .finish(.failed, message: release.message ?? "failed")
        case .rollingBack:
            let active = tally.active(.undo)
            if tally.count(.undo, state: .pending) > 0 {
                let free = strategy.maxParallel - active
                return free > 0 ? .dispatch(phase: .undo, batch: nil, count: free) : .wait
            }
            if active > 0 { return .wait }
            return .finish(.rolledBack, message: rolledBackMessage(release, tally: tally))
        }
    }

    /// The first batch after the current one with pending jobs.
    private static func laterBatchWithWork(_ release: Release, tally: ReleaseTally) -> Int? {
        tally.counts.keys
            .filter { $0.phase == .main && $0.state == .pending && $0.batch > release.currentBatch }
            .map(\.batch).min()
    }

    private static func succeededMessage(_ release: Release, _ tally: ReleaseTally) -> String {
        let failures = tally.failures(.main)
        let succeeded = tally.count(.main, state: .succeeded)
        let base = release.isRollback ? "\(hosts(succeeded)) returned to \(release.version)" : "\(hosts(succeeded)) deployed"
        return failures == 0 ? base : "\(base), \(failures) failed within the failure limit"
    }

    private static func rolledBackMessage(_ release: Release, tally: ReleaseTally) -> String {
        let returned = tally.count(.undo, state: .succeeded)
        let failed = tally.failures(.undo)
        var text = (release.message.map { "\($0); " } ?? "") + "\(hosts(returned)) returned to their previous release"
        if failed > 0 { text += ", \(hosts(failed)) could not be returned" }
        return text
    }

    static func hosts(_ count: Int) -> String { count == 1 ? "1 host" : "\(count) hosts" }
}
