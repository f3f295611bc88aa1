import Core
import Foundation
import Testing

/// The release state machine's rules, each from a release and a tally written by hand.
struct ReleaseMachineTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func release(_ state: Release.State = .running, batch: Int = 0, of batchCount: Int = 3,
                        strategy: ReleaseStrategy = ReleaseStrategy(maxParallel: 2)) -> Release {
        Release(id: 1, applicationID: 1, applicationName: "web", groupID: 1, packageID: 1, version: "1.0", environmentID: 1,
                environmentName: "production", strategy: strategy,
                target: AgentJob.Target(name: "web", runAs: "web", installRoot: "/srv"), state: state, requestedBy: 1,
                requestedByLogin: "ada", batchCount: batchCount, currentBatch: batch, createdAt: now)
    }

    /// A tally from `(batch, state, count)` rows of the main phase.
    static func tally(_ rows: [(Int, Job.State, Int)], undo: [(Job.State, Int)] = []) -> ReleaseTally {
        var counts: [ReleaseTally.Key: Int] = [:]
        for (batch, state, count) in rows { counts[ReleaseTally.Key(phase: .main, batch: batch, state: state), default: 0] += count }
        for (state, count) in undo { counts[ReleaseTally.Key(phase: .undo, batch: 0, state: state), default: 0] += count }
        return ReleaseTally(counts: counts)
    }

    static func next(_ release: Release, _ tally: ReleaseTally, at now: Date = now) -> ReleaseMachine.Step {
        ReleaseMachine.next(release, tally: tally, now: now)
    }

    @Test("a running release dispatches no more than maxParallel less what is active")
    func dispatchWithinMaxParallel() {
        let release = Self.release()
        #expect(Self.next(release, Self.tally([(0, .pending, 5)])) == .dispatch(phase: .main, batch: 0, count: 2))
        #expect(Self.next(release, Self.tally([(0, .pending, 4), (0, .running, 1)])) == .dispatch(phase: .main, batch: 0, count: 1))
        #expect(Self.next(release, Self.tally([(0, .pending, 3), (0, .queued, 1), (0, .delivered, 1)])) == .wait)
    }

    @Test("the next batch starts only when every host of the current one is done")
    func batchBoundary() {
        let release = Self.release()
        let tally = Self.tally([(0, .succeeded, 1), (0, .running, 1), (1, .pending, 4)])
        #expect(Self.next(release, tally) == .wait)
        #expect(Self.next(release, Self.tally([(0, .succeeded, 2), (1, .pending, 4)])) == .advance(to: 1))
    }

    @Test("the last batch done finishes the release as succeeded")
    func finishes() {
        let release = Self.release(batch: 2)
        #expect(Self.next(release, Self.tally([(0, .succeeded, 1), (1, .succeeded, 2), (2, .succeeded, 2)]))
            == .finish(.succeeded, message: "5 hosts deployed"))
        var rollback = release
        rollback.rollbackOf = 7
        #expect(Self.next(rollback, Self.tally([(0, .succeeded, 1), (1, .succeeded, 2), (2, .succeeded, 2)]))
            == .finish(.succeeded, message: "5 hosts returned to 1.0"))
    }

    @Test("a canary pause stops after the first batch only, until resumed or for the bake time")
    func canaryPause() {
        var strategy = ReleaseStrategy(maxParallel: 2, pause: .afterFirst)
        let tally = Self.tally([(0, .succeeded, 1), (1, .pending, 2), (2, .pending, 2)])
        #expect(Self.next(Self.release(strategy: strategy), tally)
            == .pause(before: 1, resumeAt: nil, message: "paused after batch 1 of 3 until resumed"))
        let second = Self.tally([(0, .succeeded, 1), (1, .succeeded, 2), (2, .pending, 2)])
        #expect(Self.next(Self.release(batch: 1, strategy: strategy), second) == .advance(to: 2))
        strategy.bake = 60
        #expect(Self.next(Self.release(strategy: strategy), tally)
            == .pause(before: 1, resumeAt: Self.now.addingTimeInterval(60), message: "paused after batch 1 of 3 for 60 s"))
    }

    @Test("a pause after every batch pauses before each later one")
    func pauseAfterEach() {
        let strategy = ReleaseStrategy(maxParallel: 2, pause: .afterEach)
        let tally = Self.tally([(0, .succeeded, 1), (1, .succeeded, 2), (2, .pending, 2)])
        #expect(Self.next(Self.release(batch: 1, strategy: strategy), tally)
            == .pause(before: 2, resumeAt: nil, message: "paused after batch 2 of 3 until resumed"))
    }

    @Test("a paused release waits, and resumes itself once its bake time is over")
    func bakeEnds() {
        var release = Self.release(.paused, batch: 1)
        let tally = Self.tally([(0, .succeeded, 1), (1, .pending, 2)])
        #expect(Self.next(release, tally) == .wait)
        release.resumeAt = Self.now.addingTimeInterval(30)
        #expect(Self.next(release, tally) == .wait)
        #expect(Self.next(release, tally, at: Self.now.addingTimeInterval(30)) == .resume)
    }

    @Test("failures up to the limit go on; one past it stops the release")
    func failureLimit() {
        let release = Self.release(strategy: ReleaseStrategy(maxParallel: 2, failureLimit: .count(1)))
        #expect(Self.next(release, Self.tally([(0, .failed, 1), (0, .pending, 3)])) == .dispatch(phase: .main, batch: 0, count: 2))
        #expect(Self.next(release, Self.tally([(0, .failed, 1), (0, .unreachable, 1), (0, .pending, 2)]))
            == .stop(message: "failure limit of 1 passed: 2 hosts failed"))
        let percent = Self.release(strategy: ReleaseStrategy(maxParallel: 2, failureLimit: .percent(25)))
        #expect(Self.next(percent, Self.tally([(0, .failed, 1), (0, .pending, 3)])) == .dispatch(phase: .main, batch: 0, count: 2),
                "25% of 4 hosts allows 1")
        #expect(Self.next(percent, Self.tally([(0, .cancelled, 2), (0, .pending, 2)])) == .dispatch(phase: .main, batch: 0, count: 2),
                "cancelled hosts are someone's choice, not failures")
    }

    @Test("a stopping release waits for running hosts, then rolls back, fails or ends aborted")
    func stopping() {
        var release = Self.release(.stopping, strategy: ReleaseStrategy(autoRollback: true))
        #expect(Self.next(release, Self.tally([(0, .running, 1), (0, .failed, 2)])) == .wait)
        #expect(Self.next(release, Self.tally([(0, .succeeded, 1), (0, .failed, 2)])) == .startUndo)
        release.strategy.autoRollback = false
        release.message = "failure limit of 0 passed: 2 hosts failed"
        #expect(Self.next(release, Self.tally([(0, .succeeded, 1), (0, .failed, 2)]))
            == .finish(.failed, message: "failure limit of 0 passed: 2 hosts failed"))
        release.abortMode = .finish
        release.message = "aborted by ada"
        release.strategy.autoRollback = true
        #expect(Self.next(release, Self.tally([(0, .succeeded, 1), (0, .cancelled, 2)])) == .finish(.aborted, message: "aborted by ada"))
    }

    @Test("a rollback release that fails never rolls itself back")
    func rollbackReleaseDoesNotUndo() {
        var release = Self.release(.stopping, strategy: ReleaseStrategy(autoRollback: true))
        release.rollbackOf = 7
        release.message = "failed"
        #expect(Self.next(release, Self.tally([(0, .failed, 1)])) == .finish(.failed, message: "failed"))
    }

    @Test("rolling back dispatches undo jobs within maxParallel and ends rolled back")
    func rollingBack() {
        var release = Self.release(.rollingBack)
        release.message = "failure limit of 0 passed: 1 host failed"
        #expect(Self.next(release, Self.tally([(0, .failed, 1)], undo: [(.pending, 3)])) == .dispatch(phase: .undo, batch: nil, count: 2))
        #expect(Self.next(release, Self.tally([(0, .failed, 1)], undo: [(.pending, 1), (.running, 2)])) == .wait)
        #expect(Self.next(release, Self.tally([(0, .failed, 1)], undo: [(.succeeded, 2), (.failed, 1)]))
            == .finish(.rolledBack, message: "failure limit of 0 passed: 1 host failed; 2 hosts returned to their previous release, 1 host could not be returned"))
    }

    @Test("after a retry, batches with nothing left to do are skipped")
    func retrySkipsDoneBatches() {
        let release = Self.release(batch: 0, of: 4)
        let tally = Self.tally([(0, .succeeded, 1), (1, .succeeded, 2), (2, .pending, 1), (3, .succeeded, 2)])
        #expect(Self.next(release, tally) == .advance(to: 2))
        #expect(Self.next(Self.release(batch: 2, of: 4), tally) == .dispatch(phase: .main, batch: 2, count: 2))
        #expect(Self.next(Self.release(batch: 2, of: 4), Self.tally([(0, .succeeded, 1), (1, .succeeded, 2), (2, .succeeded, 1), (3, .succeeded, 2)]))
            == .finish(.succeeded, message: "6 hosts deployed"))
    }

    @Test("finished and unapproved releases have nothing to do")
    func idle() {
        for state in [Release.State.awaitingApproval, .succeeded, .failed, .aborted, .rolledBack] {
            #expect(Self.next(Self.release(state), Self.tally([(0, .pending, 2)])) == .wait)
        }
    }
}

/// The promotion gate's source environment.
struct PromotionSourceTests {
    @Test("the nearest environment ranked below among those the group uses; none for the lowest")
    func nearestUsedBelow() {
        let dev = Environment(id: 1, name: "dev", rank: 10)
        let staging = Environment(id: 2, name: "staging", rank: 20)
        let production = Environment(id: 3, name: "production", rank: 30)
        let all = [production, dev, staging]
        #expect(production.promotionSource(among: all, used: [1, 2, 3]) == staging)
        #expect(production.promotionSource(among: all, used: [1, 3]) == dev, "staging unused: dev is the one below")
        #expect(staging.promotionSource(among: all, used: [2, 3]) == nil, "dev unused: staging is the lowest")
        #expect(dev.promotionSource(among: all, used: [1, 2, 3]) == nil)
    }
}
