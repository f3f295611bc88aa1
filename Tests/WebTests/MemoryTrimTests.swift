import Core
import Engine
import Testing
@testable import Web

/// The heap trim waits for a quiet moment, within bounds, and the release engine says when it is busy.
@Suite(.serialized)
struct MemoryTrimTests {
    @Test("a trim is due an interval after the last, waits while the engine is busy, but never past the maximum delay")
    func schedule() {
        let schedule = MemoryTrim.Schedule(interval: .seconds(15), maximumDelay: .seconds(60))
        #expect(!schedule.isDue(sinceLastTrim: .seconds(14), isBusy: false))
        #expect(schedule.isDue(sinceLastTrim: .seconds(15), isBusy: false))
        #expect(!schedule.isDue(sinceLastTrim: .seconds(15), isBusy: true), "a release is dispatching: later")
        #expect(!schedule.isDue(sinceLastTrim: .seconds(74), isBusy: true))
        #expect(schedule.isDue(sinceLastTrim: .seconds(75), isBusy: true), "busy for a whole minute more: now anyway")
    }

    @Test("the release engine counts as busy for a window after a step that did something, not after steps that wait")
    func engineActivity() async throws {
        try await withRunningApp { app in
            let runner = app.app.releaseRunner
            await runner.waitUntilIdle()
            #expect(!runner.hasAdvanced(within: .seconds(3600)), "no release yet, nothing done")
            let releases = try await ReleaseFixture.make(in: app, agents: 1)
            _ = try await releases.start("1.0.0")
            await releases.settle()
            #expect(runner.hasAdvanced(within: .seconds(3600)), "the release started and its host was dispatched")
            let dispatched = ContinuousClock.now
            await runner.sweep()  // steps the release again: its one host is still at work, so it waits
            await releases.settle()
            #expect(!runner.hasAdvanced(within: ContinuousClock.now - dispatched), "a step that waits is not work")
        }
    }
}
