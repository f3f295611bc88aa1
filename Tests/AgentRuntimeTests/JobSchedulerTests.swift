import Core
import Foundation
import Logging
import Testing
@testable import AgentRuntime

/// Scheduling, idempotency and stopping, with real jobs; the server is a closed port, so every
/// event is lost, as when the network is down.
struct JobSchedulerTests {
    let scratch: Scratch
    let store: JobStore
    let scheduler: JobScheduler

    init() throws {
        scratch = try Scratch()
        let store = try JobStore(state: StateDirectory(path: "\(scratch.path)/state"))
        self.store = store
        let client = AgentClient(server: URL(string: "http://127.0.0.1:1")!, token: "t")
        let executor = JobExecutor(runner: CommandRunner(killGrace: .seconds(1), drain: .milliseconds(50))) { _, _ throws(AgentError) in }
        scheduler = JobScheduler(store: store, executor: executor, logger: Logger(label: "test")) { id, onCancel in
            JobReporter(jobID: id, client: client, session: "s", logPath: store.logPath(id), logger: Logger(label: "test"), onCancel: onCancel)
        }
        // Rollbacks need a kept release; each test's application has release 1.
        for name in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: "\(scratch.path)/apps/\(name)/releases/1", withIntermediateDirectories: true)
        }
    }

    private func job(_ id: Int64, app: String = "a", start: String) -> AgentJob {
        var job = makeJob(id: id, action: .rollback, root: "\(scratch.path)/apps", release: 1, start: start)
        job.application.name = app
        return job
    }

    private func result(_ id: Int64) async throws -> JobResult {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let result = store.record(id)?.result { return result }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw AgentError.state("job \(id) did not finish")
    }

    @Test("a job delivered again is not run again, before or after it finished")
    func idempotent() async throws {
        let marker = "\(scratch.path)/runs"
        let job = job(1, start: "echo run >> \(marker)")
        await scheduler.submit(job)
        await scheduler.submit(job)
        _ = try await result(1)
        await scheduler.submit(job)
        try await Task.sleep(for: .milliseconds(200))
        #expect(scratch.read("runs") == "run\n")
    }

    @Test("jobs of one application run one at a time, other applications alongside")
    func serialPerApplication() async throws {
        let trace = "\(scratch.path)/trace"
        await scheduler.submit(job(1, app: "a", start: "echo a1-start >> \(trace); sleep 0.5; echo a1-end >> \(trace)"))
        await scheduler.submit(job(2, app: "a", start: "echo a2 >> \(trace)"))
        await scheduler.submit(job(3, app: "b", start: "echo b3 >> \(trace)"))
        _ = try await result(2)
        let lines = (scratch.read("trace") ?? "").split(separator: "\n").map(String.init)
        #expect(lines.firstIndex(of: "a2")! > lines.firstIndex(of: "a1-end")!)
        #expect(lines.firstIndex(of: "b3")! < lines.firstIndex(of: "a1-end")!)
    }

    @Test("a cancel from the server kills the step and fails the job")
    func cancelledByServer() async throws {
        await scheduler.submit(job(1, start: "echo go > \(scratch.path)/go; sleep 30"))
        while scratch.read("go") == nil { try await Task.sleep(for: .milliseconds(20)) }
        await scheduler.cancel(1, .cancelledByServer)
        let result = try await result(1)
        #expect(result.outcome == .failed)
        #expect(result.message == "cancelled by the server")
    }

    @Test("shutting down past the grace period interrupts the running job and records it")
    func shutdownInterrupts() async throws {
        await scheduler.submit(job(1, start: "echo go > \(scratch.path)/go; sleep 30"))
        while scratch.read("go") == nil { try await Task.sleep(for: .milliseconds(20)) }
        let started = ContinuousClock.now
        await scheduler.shutdown(grace: .milliseconds(200))
        #expect(ContinuousClock.now - started < .seconds(10))
        let result = try #require(store.record(1)?.result)
        #expect(result.outcome == .interrupted)
        #expect(result.steps.last?.step == .start)
    }
}
