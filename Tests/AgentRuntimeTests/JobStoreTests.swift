import Core
import Foundation
import Testing
@testable import AgentRuntime

struct JobStoreTests {
    let scratch: Scratch
    let store: JobStore

    init() throws {
        scratch = try Scratch()
        store = try JobStore(state: StateDirectory(path: "\(scratch.path)/state"))
    }

    @Test("a finished job keeps its result until acknowledged, then is pruned after a week")
    func resultLifecycle() throws {
        let job = makeJob(id: 7)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try store.begin(job, at: start)
        #expect(store.record(7)?.result == nil)
        let result = JobResult(jobID: 7, outcome: .succeeded, message: "ok", startedAt: start, finishedAt: start + 5)
        try store.finish(result)
        #expect(store.record(7)?.result == result)
        #expect(store.unacknowledged() == [result])
        store.acknowledge([7], at: start + 10)
        #expect(store.unacknowledged().isEmpty)
        store.prune(at: start + 10 + 6 * 24 * 3600)
        #expect(store.record(7) != nil)
        store.prune(at: start + 10 + 8 * 24 * 3600)
        #expect(store.record(7) == nil)
    }

    @Test("a running record without a result becomes interrupted on recovery")
    func interruptedOnRecovery() throws {
        try store.begin(makeJob(id: 9), at: Date(timeIntervalSince1970: 1_800_000_000))
        let recovered = store.recoverInterrupted(at: Date(timeIntervalSince1970: 1_800_000_100))
        #expect(recovered.map(\.jobID) == [9])
        #expect(recovered.first?.outcome == .interrupted)
        #expect(recovered.first?.message == "the agent stopped while this job ran; it was not run again")
        #expect(store.record(9)?.result?.outcome == .interrupted)
        #expect(store.recoverInterrupted(at: Date()).isEmpty)
    }

    @Test("records are written with mode 0600")
    func privateFiles() throws {
        try store.begin(makeJob(id: 3), at: Date())
        let attributes = try FileManager.default.attributesOfItem(atPath: "\(scratch.path)/state/jobs/3.json")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}

/// A deploy job of `shop` into `root`, with every field defaulted.
func makeJob(id: Int64 = 1, action: AgentJob.Action = .deploy, root: String = "/tmp/none", release: Int64 = 1,
             start: String = "", stop: String = "", healthCheck: HealthCheck? = nil, keep: Int = 5,
             package: AgentJob.PackageRef? = nil, runAs: String = Account.current().name, stepTimeout: Int = 30) -> AgentJob {
    AgentJob(id: id, releaseID: release, action: action,
             application: .init(name: "shop", runAs: runAs, installRoot: root, startCommand: start, stopCommand: stop,
                                healthCheck: healthCheck, keepReleases: keep),
             environment: "staging", version: "1.\(release)", targetRelease: release, package: package, stepTimeout: stepTimeout)
}
