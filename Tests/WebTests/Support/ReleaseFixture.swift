import Core
import Foundation
import Storage
@testable import Web

/// An application `web` with packages 1.0.0 and 2.0.0, environments `staging` (rank 20, the agent
/// fixture's) and `production` (rank 30, protected), and `count` agents enrolled over the real
/// protocol in staging. The agents are the test itself: `take` polls as an agent does and `finish`
/// reports a result, so each test decides what every host answers and when.
struct ReleaseFixture {
    let app: RunningApp
    let fixture: AgentFixture
    let agents: [EnrollResponse]
    let application: Application
    let production: Core.Environment
    /// A second user with deploy rights, to approve what the admin asks for.
    let approverHeaders: [String: String]

    var admin: [String: String] { fixture.adminHeaders }
    var machineIDs: [Int64] { agents.map(\.machineID) }

    static func make(in app: RunningApp, agents count: Int, strategy: ReleaseStrategy = ReleaseStrategy(batchSizes: [.percent(100)])) async throws -> ReleaseFixture {
        let fixture = try await AgentFixture.make(in: app, uses: max(count, 1))
        var agents: [EnrollResponse] = []
        for index in 0..<count {
            agents.append(try await app.enrollAgent(hostname: "web-\(index + 1)", token: fixture.enrollmentToken))
        }
        var draft = ApplicationDraft(name: "web", groupID: 0, runAs: "app", installRoot: "/srv", startCommand: "./start")
        draft.defaultStrategy = strategy
        let application = try await fixture.makeApplication(draft, in: app)
        let archive = try await PackagesAPITests.archive("mkdir bin && echo hi > bin/app && tar -czf out.tgz bin")
        _ = try await app.uploadPackage("web", "1.0.0", archive, headers: fixture.adminHeaders)
        let other = try await PackagesAPITests.archive("mkdir bin && echo two > bin/app && tar -czf out.tgz bin")
        _ = try await app.uploadPackage("web", "2.0.0", other, headers: fixture.adminHeaders)
        let production = try await app.store.write { db in
            try db.createEnvironment(EnvironmentDraft(name: "production", rank: 30, isProtected: true))
        }
        let approver = try await app.makeUser("approver\(UUID().uuidString.prefix(6).lowercased())")
        try await app.store.write { db in try db.setMembership(Membership(userID: approver.id, groupID: fixture.groupID, role: .deployer)) }
        let headers = ["Authorization": "Bearer \(try await app.makeToken(for: approver))"]
        return ReleaseFixture(app: app, fixture: fixture, agents: agents, application: application, production: production,
                              approverHeaders: headers)
    }

    // MARK: - The API

    /// `POST /api/v1/releases`; the answer as it came.
    func create(_ version: String, to environment: String = "staging", extra: [String: Any] = [:],
                as headers: [String: String]? = nil) async throws -> HTTPResponse {
        var body: [String: Any] = ["application": "web", "version": version, "environment": environment]
        body.merge(extra) { _, new in new }
        return try await app.send("POST", "/api/v1/releases", json: body, headers: headers ?? admin)
    }

    /// Creates a release and returns its id; fails unless the server answers 201.
    func start(_ version: String, to environment: String = "staging", extra: [String: Any] = [:]) async throws -> Int64 {
        let response = try await create(version, to: environment, extra: extra)
        guard response.status == 201, let id = Int64(try response.json()["id"] as? String ?? "") else {
            throw RawHTTP.Failure("create: \(response.status) \(response.text)")
        }
        await settle()
        return id
    }

    func release(_ id: Int64) async throws -> [String: Any] {
        try await app.get("/api/v1/releases/\(id)", headers: admin).json()
    }

    func state(_ id: Int64) async throws -> String { try await release(id)["state"] as? String ?? "" }

    func hosts(_ id: Int64) async throws -> [String: Int] {
        (try await release(id)["hosts"] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.intValue }
    }

    /// `POST /api/v1/releases/{id}/{action}`, then waits for the engine to act on it.
    @discardableResult
    func act(_ id: Int64, _ action: String, json: Any? = nil, as headers: [String: String]? = nil) async throws -> HTTPResponse {
        let response = try await app.send("POST", "/api/v1/releases/\(id)/\(action)", json: json, headers: headers ?? admin)
        await settle()
        return response
    }

    /// Returns once the engine has stepped every release it was told about.
    func settle() async {
        await app.app.releaseRunner.waitUntilIdle()
    }

    // MARK: - The agents

    /// What agent `index` is handed by a poll that does not wait (a new session each time sees
    /// every unfinished job again, so tests use one session per agent).
    func take(_ index: Int) async throws -> [AgentJob] {
        let response = try await app.agentSend("GET", "/agent/v1/jobs?wait=0", Optional<String>.none, token: agents[index].token,
                                               session: "s\(index)")
        guard response.status == 200 else { return [] }
        return try RunningApp.agentDecoder.decode(JobsResponse.self, from: Data(response.body)).jobs
    }

    /// Reports `job` as done by agent `index`: a succeeded job switched `current`; a failed one
    /// failed its health check after switching when `switched`.
    func finish(_ job: AgentJob, by index: Int, _ outcome: JobOutcome = .succeeded, switched: Bool = true) async throws {
        let now = app.clock.now()
        var steps = [StepRecord(step: .download, startedAt: now, finishedAt: now, outcome: .succeeded)]
        if switched || outcome == .succeeded { steps.append(StepRecord(step: .switch, startedAt: now, finishedAt: now, outcome: .succeeded)) }
        if outcome != .succeeded { steps.append(StepRecord(step: .healthCheck, startedAt: now, finishedAt: now, outcome: .failed, message: "HTTP 503")) }
        let result = JobResult(jobID: job.id, outcome: outcome, message: outcome == .succeeded ? "deployed" : "health check failed",
                               startedAt: now, finishedAt: now, steps: steps)
        let response = try await app.agentSend("POST", "/agent/v1/jobs/\(job.id)/events", JobEvents(session: "s\(index)", started: now, result: result),
                                               token: agents[index].token)
        guard response.status == 200 else { throw RawHTTP.Failure("report: \(response.status) \(response.text)") }
        await settle()
    }

    /// Every agent takes what it is given and finishes it with `outcome(index)`, until no agent
    /// is given anything; how many jobs ran.
    @discardableResult
    func runAll(_ outcome: (Int) -> JobOutcome = { _ in .succeeded }) async throws -> Int {
        var ran = 0
        while true {
            var any = false
            for index in agents.indices {
                for job in try await take(index) {
                    try await finish(job, by: index, outcome(index))
                    ran += 1
                    any = true
                }
            }
            if !any { return ran }
        }
    }
}
