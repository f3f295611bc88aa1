import Core
import Foundation
import Storage
import Testing
@testable import Web

/// Job delivery and reporting over the agent protocol: the long poll parks until a job is queued,
/// a session gets each job once and a new session gets unfinished ones again, logs are appended
/// only at their end, results are idempotent, and only a machine's own jobs and packages are reachable.
@Suite(.serialized)
struct AgentJobsAPITests {
    struct Setup {
        let fixture: AgentFixture
        let agent: EnrollResponse
        let application: Application
        let package: Core.Package
    }

    static func setUp(_ app: RunningApp) async throws -> Setup {
        let fixture = try await AgentFixture.make(in: app)
        let agent = try await app.enrollAgent(hostname: "web-1", token: fixture.enrollmentToken)
        let application = try await fixture.makeApplication(
            ApplicationDraft(name: "web", groupID: 0, runAs: "app", installRoot: "/srv", startCommand: "./start"), in: app)
        let archive = try await PackagesAPITests.archive("mkdir bin && echo hi > bin/app && tar -czf out.tgz bin")
        let package = try await app.uploadPackage("web", "1.0.0", archive, headers: fixture.adminHeaders)
        return Setup(fixture: fixture, agent: agent, application: application, package: package)
    }

    static func poll(_ app: RunningApp, _ setup: Setup, session: String, wait: Int = 0) async throws -> HTTPResponse {
        try await app.agentSend("GET", "/agent/v1/jobs?wait=\(wait)", Optional<String>.none, token: setup.agent.token, session: session)
    }

    @Test("a parked poll answers as soon as a job is queued, with the job's snapshot")
    func parkedPollWakes() async throws {
        try await withRunningApp { app in
            let setup = try await Self.setUp(app)
            #expect(try await Self.poll(app, setup, session: "a").status == 204)
            async let parked = Self.poll(app, setup, session: "a", wait: 30)
            while app.app.agentHub.parkedCount == 0 { await Task.yield() }
            let started = ContinuousClock.now
            let jobs = try await app.queueJobs(application: setup.application, package: setup.package, machines: [setup.agent.machineID],
                                               fixture: setup.fixture)
            let response = try await parked
            #expect(ContinuousClock.now - started < .seconds(10), "woken, not timed out")
            #expect(response.status == 200)
            let delivered = try RunningApp.agentDecoder.decode(JobsResponse.self, from: Data(response.body)).jobs
            #expect(delivered.map(\.id) == jobs.map(\.id))
            #expect(delivered.first?.package?.sha256 == setup.package.sha256)
            #expect(delivered.first?.application.startCommand == "./start")
            #expect(delivered.first?.targetRelease == jobs.first?.releaseID)
            #expect(try await app.store.read { db in try db.job(id: jobs[0].id) }.state == .delivered)
        }
    }

    @Test("a session gets a job once; a new session (the agent restarted) gets it again until it finishes")
    func redelivery() async throws {
        try await withRunningApp { app in
            let setup = try await Self.setUp(app)
            let jobs = try await app.queueJobs(application: setup.application, package: setup.package, machines: [setup.agent.machineID],
                                               fixture: setup.fixture)
            #expect(try await Self.poll(app, setup, session: "a").status == 200)
            #expect(try await Self.poll(app, setup, session: "a").status == 204)
            #expect(try await Self.poll(app, setup, session: "b").status == 200)
            let result = JobResult(jobID: jobs[0].id, outcome: .succeeded, message: "deployed", startedAt: app.clock.now(), finishedAt: app.clock.now())
            let heartbeat = HeartbeatRequest(facts: AgentFacts(hostname: "web-1"), session: "b", results: [result])
            let answer = try await app.agentSend("POST", "/agent/v1/heartbeat", heartbeat, token: setup.agent.token)
            #expect(try RunningApp.agentDecoder.decode(HeartbeatResponse.self, from: Data(answer.body)).acknowledged == [jobs[0].id])
            #expect(try await app.store.read { db in try db.job(id: jobs[0].id) }.state == .succeeded)
            #expect(try await Self.poll(app, setup, session: "c").status == 204, "a finished job is never delivered again")
        }
    }

    @Test("heartbeat results: each finishes its job once and is published once; another machine's job or a re-sent result is acknowledged and changes nothing")
    func heartbeatResults() async throws {
        try await withRunningApp { app in
            let setup = try await Self.setUp(app)
            let other = try await app.enrollAgent(hostname: "web-2", token: setup.fixture.enrollmentToken)
            let jobs = try await app.queueJobs(application: setup.application, package: setup.package,
                                               machines: [setup.agent.machineID, other.machineID], fixture: setup.fixture)
            let (mine, theirs) = (jobs.first { $0.machineID == setup.agent.machineID }!, jobs.first { $0.machineID == other.machineID }!)
            let updates = app.app.jobUpdates.subscribe()
            let now = app.clock.now()
            func send(_ results: [JobResult]) async throws -> [Int64] {
                let heartbeat = HeartbeatRequest(facts: AgentFacts(hostname: "web-1"), session: "a", results: results)
                let answer = try await app.agentSend("POST", "/agent/v1/heartbeat", heartbeat, token: setup.agent.token)
                #expect(answer.status == 200, "\(answer.text)")
                return try RunningApp.agentDecoder.decode(HeartbeatResponse.self, from: Data(answer.body)).acknowledged
            }
            let done = JobResult(jobID: mine.id, outcome: .succeeded, message: "deployed", startedAt: now, finishedAt: now,
                                 steps: [StepRecord(step: .switch, startedAt: now, finishedAt: now, outcome: .succeeded)])
            let intruding = JobResult(jobID: theirs.id, outcome: .failed, message: "not mine", startedAt: now, finishedAt: now)
            let unknown = JobResult(jobID: 999_999, outcome: .failed, message: "gone", startedAt: now, finishedAt: now)
            #expect(try await send([done, intruding, unknown]) == [mine.id, theirs.id, 999_999], "every result is acknowledged")
            var iterator = updates.makeAsyncIterator()
            let published = await iterator.next()
            #expect(published?.id == mine.id && published?.state == .succeeded)
            let again = JobResult(jobID: mine.id, outcome: .failed, message: "re-sent, changed", startedAt: now, finishedAt: now)
            #expect(try await send([again]) == [mine.id])
            let stored = try await app.store.read { db in (try db.job(id: mine.id), try db.job(id: theirs.id), try db.jobSteps(jobID: mine.id)) }
            #expect(stored.0.state == .succeeded && stored.0.message == "deployed", "the first result stands")
            #expect(stored.1.state == .queued, "another machine's job is untouched")
            #expect(stored.2.map(\.step) == [.switch])
            // Nothing else was published: the next event is this marker, sent after both heartbeats.
            var marker = stored.1
            marker.logBytes = 424_242
            app.app.jobUpdates.publish(marker)
            #expect(await iterator.next()?.logBytes == 424_242)
        }
    }

    @Test("logs are appended only where the server's copy ends; the result finishes the job once")
    func reports() async throws {
        try await withRunningApp { app in
            let setup = try await Self.setUp(app)
            let job = try await app.queueJobs(application: setup.application, package: setup.package, machines: [setup.agent.machineID],
                                              fixture: setup.fixture)[0]
            let now = app.clock.now()
            func report(_ events: JobEvents) async throws -> JobEventsResponse {
                let response = try await app.agentSend("POST", "/agent/v1/jobs/\(job.id)/events", events, token: setup.agent.token)
                #expect(response.status == 200, "\(response.text)")
                return try RunningApp.agentDecoder.decode(JobEventsResponse.self, from: Data(response.body))
            }
            let step = StepRecord(step: .download, startedAt: now)
            _ = try await app.agentSend("POST", "/agent/v1/heartbeat", HeartbeatRequest(facts: AgentFacts(hostname: "web-1"), session: "a"),
                                    token: setup.agent.token)
            app.clock.advance(by: 5)
            #expect(try await report(JobEvents(session: "a", started: now, steps: [step], logOffset: 0, log: "hello ")).logBytes == 6)
            #expect(try await app.store.read { db in try db.machine(id: setup.agent.machineID) }.lastSeenAt?.millisecondsSince1970
                        == app.clock.now().millisecondsSince1970,
                    "a report is a sign of life, as a heartbeat is")
            #expect(try await report(JobEvents(session: "a", logOffset: 0, log: "hello ")).logBytes == 6, "a chunk sent twice is written once")
            #expect(try await report(JobEvents(session: "a", logOffset: 20, log: "later")).logBytes == 6, "a gap is refused")
            #expect(try await report(JobEvents(session: "a", logOffset: 3, log: "lo world\n")).logBytes == 12)
            #expect(try await app.store.read { db in try db.job(id: job.id) }.state == .running)
            let failed = StepRecord(step: .healthCheck, startedAt: now, finishedAt: now, outcome: .failed, exitStatus: 7, message: "HTTP 503")
            let result = JobResult(jobID: job.id, outcome: .failed, message: "health check failed after 4 tries: HTTP 503",
                                   startedAt: now, finishedAt: now, steps: [step, failed], logBytes: 12)
            #expect(try await report(JobEvents(session: "a", result: result)).acknowledged)
            #expect(try await report(JobEvents(session: "a", result: result)).acknowledged, "a re-sent result is acknowledged again")
            let stored = try await app.store.read { db in (try db.job(id: job.id), try db.jobSteps(jobID: job.id)) }
            #expect(stored.0.state == .failed)
            #expect(stored.0.message == "health check failed after 4 tries: HTTP 503")
            #expect(stored.1.map(\.step) == [.download, .healthCheck])
            let log = try await app.get("/api/v1/jobs/\(job.id)/log", headers: setup.fixture.adminHeaders)
            #expect(log.text == "hello world\n")
            #expect(log.header("X-Log-Size") == "12")
            let shown = try await app.get("/api/v1/jobs/\(job.id)", headers: setup.fixture.adminHeaders)
            #expect(shown.text.contains(#""state":"failed""#))
            #expect(shown.text.contains(#""exitStatus":7"#))
        }
    }

    @Test("an agent reaches only its own machine's jobs and the packages they name")
    func isolation() async throws {
        try await withRunningApp { app in
            let setup = try await Self.setUp(app)
            let other = try await app.enrollAgent(hostname: "web-2", token: setup.fixture.enrollmentToken)
            let job = try await app.queueJobs(application: setup.application, package: setup.package, machines: [setup.agent.machineID],
                                              fixture: setup.fixture)[0]
            let events = JobEvents(session: "x", log: "intruder")
            #expect(try await app.agentSend("POST", "/agent/v1/jobs/\(job.id)/events", events, token: other.token).status == 404)
            let path = "/agent/v1/packages/\(setup.package.id)"
            #expect(try await app.agentSend("GET", path, Optional<String>.none, token: other.token).status == 404)
            let download = try await app.agentSend("GET", path, Optional<String>.none, token: setup.agent.token)
            #expect(download.status == 200)
            #expect(download.body.count == Int(setup.package.size))
            #expect(download.header("ETag") == "\"\(setup.package.sha256)\"")
            let ranged = try await RawHTTP.send(method: "GET", target: path, headers: ["Authorization": "Bearer \(setup.agent.token)", "Range": "bytes=10-"],
                                                port: app.port)
            #expect(ranged.status == 206)
            #expect(ranged.body == Array(download.body.dropFirst(10)))
        }
    }

    @Test("bad polls get 422 naming the problem", arguments: ["wait=61", "wait=-1", "wait=soon"])
    func badPoll(_ query: String) async throws {
        try await withRunningApp { app in
            let setup = try await Self.setUp(app)
            let response = try await app.agentSend("GET", "/agent/v1/jobs?\(query)", Optional<String>.none, token: setup.agent.token, session: "s")
            #expect(response.status == 422)
            #expect(response.text.contains("wait"))
            let noSession = try await app.agentSend("GET", "/agent/v1/jobs", Optional<String>.none, token: setup.agent.token)
            #expect(noSession.status == 422)
        }
    }

    @Test("shutdown ends parked polls at once")
    func shutdownEndsPolls() async throws {
        let directory = try TemporaryDirectory()
        var configuration = RunningApp.makeConfiguration(in: directory)
        configuration.shutdownGrace = .seconds(30)
        let clock = TestClock()
        let app = try await App.make(configuration: configuration, metrics: .init(), access: .testing(clock))
        let port = try app.start()
        let running = RunningApp(app: app, port: port, registry: .init(), directory: directory, clock: clock)
        let setup = try await Self.setUp(running)
        async let parked = Self.poll(running, setup, session: "s", wait: 60)
        while app.agentHub.parkedCount == 0 { await Task.yield() }
        let started = ContinuousClock.now
        await app.shutdown()
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(try await parked.status == 204)
    }
}
