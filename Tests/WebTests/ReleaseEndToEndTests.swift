import Core
import Foundation
import GRDB
import Storage
import Testing
@testable import Web

/// The releases issue's end-to-end tests: a real server, ten real `capstan-agent` processes, real
/// packages whose start commands write each host's ledger. Real processes run on the real clock,
/// so waits poll (`eventually`) or use `?wait=`. Machines count as offline after 8 s rather than 3:
/// on a loaded 2-core machine an agent in the middle of a job can miss three 1 s heartbeats, and its
/// job would be marked unreachable.
@Suite(.serialized)
struct ReleaseEndToEndTests {
    static let hostCount = 10

    struct Setup {
        let app: RunningApp
        let fixture: AgentFixture
        let fleet: ReleaseFleet
        var admin: [String: String] { fixture.adminHeaders }
    }

    static func setUp(_ app: RunningApp, strategy: ReleaseStrategy) async throws -> Setup {
        let fixture = try await AgentFixture.make(in: app, uses: hostCount)
        let fleet = try await ReleaseFleet.start(hostCount, server: "http://127.0.0.1:\(app.port)", token: fixture.enrollmentToken, in: app.directory)
        var draft = ReleaseFleet.application(runAs: AgentEndToEndTests.currentUser)
        draft.defaultStrategy = strategy
        _ = try await fixture.makeApplication(draft, in: app)
        _ = try await app.uploadPackage("web", "1.0.0", try await ReleaseFleet.archive(version: "1.0.0"), headers: fixture.adminHeaders)
        _ = try await app.uploadPackage("web", "2.0.0", try await ReleaseFleet.archive(version: "2.0.0", failsWhenMarked: true),
                                        headers: fixture.adminHeaders)
        return Setup(app: app, fixture: fixture, fleet: fleet)
    }

    /// Creates a release over the API; its id.
    static func start(_ version: String, _ setup: Setup, strategy: [String: Any]? = nil) async throws -> Int64 {
        var body: [String: Any] = ["application": "web", "version": version, "environment": "staging"]
        if let strategy { body["strategy"] = strategy }
        let response = try await setup.app.send("POST", "/api/v1/releases", json: body, headers: setup.admin)
        guard response.status == 201, let id = Int64(try response.json()["id"] as? String ?? "") else {
            throw RawHTTP.Failure("create: \(response.status) \(response.text)")
        }
        return id
    }

    /// Waits (`?wait=`) until the release is finished; its JSON.
    static func outcome(_ id: Int64, _ setup: Setup, port: Int? = nil) async throws -> [String: Any] {
        // Waits of 5 s, well inside RawHTTP's 10 s receive timeout even when the suite loads the machine.
        for _ in 0..<24 {
            let body = try await RawHTTP.send(method: "GET", target: "/api/v1/releases/\(id)?wait=5", headers: setup.admin,
                                              port: port ?? setup.app.port).json()
            if body["finished"] as? Bool == true { return body }
        }
        throw RawHTTP.Failure("release \(id) did not finish: \(setup.fleet.logs.suffix(4000))")
    }

    static func jobs(_ id: Int64, _ store: Store, phase: Job.Phase = .main) async throws -> [Job] {
        try await store.read { db in try db.releaseHosts(releaseID: id, phase: phase, limit: 10_000).map(\.job) }
    }

    static func connectivity(_ machineID: Int64, _ store: Store) async throws -> String? {
        try await store.read { db in try String.fetchOne(db, sql: "SELECT connectivity FROM machine WHERE id = ?", arguments: [machineID]) }
    }

    @Test("ten agents: maxParallel and batch boundaries hold; past the failure limit autoRollback brings current back")
    func batchesLimitsAndRollback() async throws {
        try await withAgentServer(offlineAfter: .seconds(8)) { app in
            let strategy = ReleaseStrategy(batchSizes: [.count(2), .percent(50), .percent(100)], maxParallel: 3, failureLimit: .count(1))
            let setup = try await Self.setUp(app, strategy: strategy)
            defer { setup.fleet.terminateAll() }
            let fleet = setup.fleet

            let first = try await Self.start("1.0.0", setup)
            let done = try await Self.outcome(first, setup)
            #expect(done["state"] as? String == "succeeded", "\(done) \(fleet.logs.suffix(3000))")
            let jobs = try await Self.jobs(first, app.store)
            #expect(jobs.count == Self.hostCount && jobs.allSatisfy { $0.state == .succeeded })
            #expect(ReleaseFleet.mostAtOnce(jobs) <= 3, "maxParallel, from the agents' recorded start and end times")
            for batch in 1..<3 {
                let before = jobs.filter { $0.batch == batch - 1 }.compactMap(\.finishedAt).max()!
                let after = jobs.filter { $0.batch == batch }.compactMap(\.startedAt).min()!
                #expect(before <= after, "batch \(batch) started only after batch \(batch - 1) ended")
            }
            #expect(Dictionary(grouping: jobs, by: \.batch).mapValues(\.count) == [0: 2, 1: 3, 2: 5])
            for index in 0..<Self.hostCount {
                #expect(fleet.runs(index, release: first) == 1)
                #expect(fleet.current(index) == "releases/\(first)")
            }

            try fleet.markFailing(1)
            try fleet.markFailing(2)
            let second = try await Self.start("2.0.0", setup, strategy: ["batchSize": [4, "100%"], "maxParallel": 4, "failureLimit": 1])
            let rolled = try await Self.outcome(second, setup)
            #expect(rolled["state"] as? String == "rolledBack", "\(rolled)")
            #expect(rolled["message"] as? String == "failure limit of 1 passed: 2 hosts failed; 4 hosts returned to their previous release")
            let undo = try await Self.jobs(second, app.store, phase: .undo)
            #expect(undo.count == 4 && undo.allSatisfy { $0.state == .succeeded && $0.spec.targetRelease == first })
            for index in 0..<Self.hostCount {
                #expect(fleet.current(index) == "releases/\(first)", "host \(index) is back on the first release")
                #expect(fleet.runs(index, release: second) == (index < 4 && index != 1 && index != 2 ? 1 : 0),
                        "the second batch never started; marked hosts failed before their ledger line")
            }
            let failed = try await Self.jobs(second, app.store).first { $0.machineID == fleet.hosts[1].machineID }
            #expect(failed?.state == .failed)
            let log = try await app.get("/api/v1/jobs/\(failed?.id ?? 0)/log", headers: setup.admin)
            #expect(log.text.contains("failing on purpose"))
            await fleet.stopAll()
        }
    }

    @Test("ten agents: a canary pause and resume, the lock, a stopped agent is unreachable, retry, abort")
    func pauseUnreachableRetryAbort() async throws {
        // 20 s, not 8: in CI, under the whole suite's load, a live agent's heartbeats have gone 8 s
        // unrecorded, and its job was marked unreachable with the stopped agent's.
        try await withAgentServer(offlineAfter: .seconds(20)) { app in
            let strategy = ReleaseStrategy(batchSizes: [.count(1), .percent(100)], maxParallel: 3, failureLimit: .count(1), pause: .afterFirst,
                                           autoRollback: false)
            let setup = try await Self.setUp(app, strategy: strategy)
            defer { setup.fleet.terminateAll() }
            let fleet = setup.fleet
            let id = try await Self.start("1.0.0", setup)
            let paused = try await eventually { try await setup.app.get("/api/v1/releases/\(id)", headers: setup.admin).json()["state"] as? String == "paused" ? true : nil }
            #expect(paused == true, "\(fleet.logs.suffix(3000))")
            #expect((0..<Self.hostCount).map { fleet.runs($0, release: id) } == [1] + Array(repeating: 0, count: Self.hostCount - 1),
                    "only the canary ran")
            let locked = try await app.send("POST", "/api/v1/releases", json: ["application": "web", "version": "2.0.0", "environment": "staging"],
                                            headers: setup.admin)
            #expect(locked.status == 409)

            let silent = fleet.hosts[Self.hostCount - 1]
            await silent.agent.stop()
            let offline = try await eventually {
                try await Self.connectivity(silent.machineID, app.store) == "offline" ? true : nil
            }
            #expect(offline == true)
            #expect(try await app.send("POST", "/api/v1/releases/\(id)/resume", headers: setup.admin).status == 200)
            let done = try await Self.outcome(id, setup)
            let notDeployed = try await Self.jobs(id, app.store).filter { $0.state != .succeeded }.map { "\($0.machineID) \($0.state) \($0.message ?? "")" }
            #expect(done["state"] as? String == "succeeded", "\(done) hosts not deployed: \(notDeployed)")
            #expect(done["message"] as? String == "9 hosts deployed, 1 failed within the failure limit")
            let unreachable = try await Self.jobs(id, app.store).first { $0.machineID == silent.machineID }
            #expect(unreachable?.state == .unreachable && unreachable?.message == "the agent went offline")

            try silent.agent.start(arguments: ["--install-prefix", silent.prefix])
            _ = try await eventually {
                try await Self.connectivity(silent.machineID, app.store) == "online" ? true : nil
            }
            #expect(try await app.send("POST", "/api/v1/releases/\(id)/retry", headers: setup.admin).status == 200)
            #expect(try await Self.outcome(id, setup)["state"] as? String == "succeeded")
            #expect((0..<Self.hostCount).allSatisfy { fleet.runs($0, release: id) == 1 }, "every host deployed exactly once")

            let aborted = try await Self.start("1.0.0", setup, strategy: ["batchSize": "100%", "maxParallel": 1])
            #expect(try await app.send("POST", "/api/v1/releases/\(aborted)/abort", json: ["mode": "finish"], headers: setup.admin).status == 200)
            let end = try await Self.outcome(aborted, setup)
            #expect(end["state"] as? String == "aborted")
            let hosts = end["hosts"] as? [String: Any] ?? [:]
            let succeeded = hosts["succeeded"] as? Int ?? -1
            #expect(succeeded + (hosts["cancelled"] as? Int ?? 0) == Self.hostCount)
            #expect((0..<Self.hostCount).map { fleet.runs($0, release: aborted) }.reduce(0, +) == succeeded, "cancelled hosts never ran")
            await fleet.stopAll()
        }
    }
}
