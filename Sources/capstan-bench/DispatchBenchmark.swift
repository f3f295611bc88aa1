import Core
import Foundation
import Storage

/// `capstan-bench dispatch`: seeds N agents, starts the server here and the simulated agents
/// (reporting results) in a child, then times three releases over the API: 1.0.0, 2.0.0, and the
/// rollback of 2.0.0.
struct DispatchBenchmark: Sendable {
    let agents: Int
    let maxParallel: Int
    let curl: String

    func run() async throws -> [DispatchRun] {
        let directory = try TemporaryDirectory(prefix: "capstan-bench-dispatch")
        defer { directory.remove() }
        let store = try FleetServer.openStore(in: directory)
        let fleet = try FleetSeeder(store: store).seed(agents: agents)
        let token = try seedReleases(store, fleet)
        try fleet.tokens.joined(separator: "\n").write(toFile: directory.path("tokens"), atomically: true, encoding: .utf8)
        let heartbeat = BenchDuration(seconds: 10)
        let server = try await FleetServer.start(store: store, in: directory, heartbeatInterval: heartbeat)
        do {
            let runs = try await measure(server, token: token, directory, heartbeat: heartbeat)
            await server.app.shutdown()
            return runs
        } catch {
            await server.app.shutdown()
            throw error
        }
    }

    /// A second package to release, and an API token for the bench's admin.
    private func seedReleases(_ store: Store, _ fleet: FleetSeeder.Fleet) throws -> String {
        let now = Date()
        return try store.write { db in
            let sha256 = String(repeating: "cd", count: 32)
            _ = try db.insertPackage(PackageDraft(applicationID: fleet.application.id, version: "2.0.0", sha256: sha256, size: 1 << 20,
                                                  storagePath: "sha256/cd/\(sha256)", createdBy: fleet.userID), now: now)
            let draft = APITokenDraft(name: "dispatch-bench", scope: TokenScope(groups: .all, maxRole: .owner), expiresAt: nil)
            return try db.createAPIToken(draft, userID: fleet.userID, now: now).token.text
        }
    }

    private func measure(_ server: FleetServer, token: String, _ directory: TemporaryDirectory,
                         heartbeat: BenchDuration) async throws -> [DispatchRun] {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let child = try ChildProcess(
            name: "fleet-agents", executable: executable,
            arguments: ["fleet-agents", "--port", "\(server.port)", "--tokens", directory.path("tokens"), "--heartbeat-interval", "\(heartbeat)",
                        "--lifetime", "900s", "--report-results"],
            logPath: directory.path("agents.log"))
        defer { child.stop() }
        try await child.waitForOutput(containing: "ready ", timeoutSeconds: 180)
        while server.app.agentHub.parkedCount < agents {
            try Interrupt.check()
            guard child.isRunning else { throw child.failure("exited before every poll was parked") }
            try await Task.sleep(for: .milliseconds(20))
        }
        print("\(agents) agents: all polls parked")
        let api = Curl(executable: curl, token: token)
        let base = "http://127.0.0.1:\(server.port)/api/v1/releases"
        var timed: [(String, Int64, Double)] = []
        let strategy = #"{"batchSize":"100%","maxParallel":\#(maxParallel),"failureLimit":0}"#
        for version in ["1.0.0", "2.0.0"] {
            let body = #"{"application":"fleet-app","version":"\#(version)","environment":"production","strategy":\#(strategy)}"#
            let (id, total) = try await timedRelease(store: server.store, directory) { try await api.post(base, json: body, in: directory) }
            timed.append(("release \(version)", id, total))
            print("release \(version): \(String(format: "%.0f", total)) ms")
        }
        let (rollback, total) = try await timedRelease(store: server.store, directory) {
            try await api.post("\(base)/\(timed[1].1)/rollback", json: nil, in: directory)
        }
        timed.append(("rollback of 2.0.0", rollback, total))
        print("rollback: \(String(format: "%.0f", total)) ms")
        // The simulator's clock is CLOCK_MONOTONIC, the store's the wall clock: one offset joins them.
        let offset = Date().timeIntervalSince1970 * 1000 - MonotonicClock.milliseconds(MonotonicClock.now())
        child.stop()
        guard let summary = try FleetSummary.find(in: child.output) else { throw child.failure("printed no summary") }
        print("receipts timed by the kernel's receive stamp: \(summary.kernelStampedReceipts) of \(summary.receipts.count)")
        var received: [Int64: (at: Double, read: Double)] = [:]
        for receipt in summary.receipts {
            for id in receipt.jobIDs where received[id] == nil {
                received[id] = (MonotonicClock.milliseconds(receipt.at) + offset, MonotonicClock.milliseconds(receipt.readAt) + offset)
            }
        }
        var runs: [DispatchRun] = []
        for (name, id, total) in timed {
            let release = try await server.store.read { db in try db.release(id: id) }
            let jobs: [Job] = try await server.store.read { db in try db.releaseHosts(releaseID: id, limit: 1_000_000).map { $0.job } }
            let got = jobs.compactMap { job -> (Double, Double)? in
                guard let queued = job.queuedAt.map({ $0.timeIntervalSince1970 * 1000 }), let at = received[job.id] else { return nil }
                return (max(0, at.at - queued), max(0, at.read - queued))
            }
            runs.append(DispatchRun(name: name, agents: agents, maxParallel: maxParallel, state: release.state.rawValue, totalMilliseconds: total,
                                    receivedMilliseconds: got.map(\.0).sorted(), readMilliseconds: got.map(\.1).sorted()))
        }
        return runs
    }

    /// Runs `create` (an API call answering a release), then waits until the engine finishes it;
    /// the release's id and the milliseconds from the call to the finish.
    private func timedRelease(store: Store, _ directory: TemporaryDirectory, _ create: () async throws -> String) async throws -> (Int64, Double) {
        let start = MonotonicClock.now()
        let answer = try await create()
        guard let object = try? JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any],
              let text = object["id"] as? String, let id = Int64(text) else {
            throw BenchError("the API answered no release: \(answer.prefix(500))")
        }
        let deadline = start + 300_000_000_000
        while MonotonicClock.now() < deadline {
            try Interrupt.check()
            if try await store.read({ db in try db.release(id: id).isFinished }) {
                return (id, MonotonicClock.milliseconds(MonotonicClock.now() - start))
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchError("release \(id) did not finish within 300 s")
    }
}
