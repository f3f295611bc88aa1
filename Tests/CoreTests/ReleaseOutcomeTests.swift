import Core
import Testing

struct ReleaseOutcomeTests {
    @Test("one outcome per release; a rollback release made of it makes it rolled back")
    func outcomes() {
        #expect(Release.Outcome(state: .succeeded, isUndone: false) == .succeeded)
        #expect(Release.Outcome(state: .succeeded, isUndone: true) == .rolledBack)
        #expect(Release.Outcome(state: .failed, isUndone: false) == .failed)
        #expect(Release.Outcome(state: .failed, isUndone: true) == .rolledBack)
        #expect(Release.Outcome(state: .rolledBack, isUndone: false) == .rolledBack)
        #expect(Release.Outcome(state: .aborted, isUndone: false) == .aborted)
        for state in [Release.State.awaitingApproval, .running, .paused, .stopping, .rollingBack] {
            #expect(Release.Outcome(state: state, isUndone: false) == .inProgress)
        }
        #expect(Release.Outcome.failed.isFailedChange && Release.Outcome.rolledBack.isFailedChange)
        #expect(!Release.Outcome.aborted.isFailedChange && !Release.Outcome.succeeded.isFailedChange)
    }
}
