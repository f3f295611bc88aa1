import Core
import Foundation
import Logging
import Storage
import Testing
@testable import Web

/// `kill -9` of a real `capstan serve` process in the middle of a release to ten real agents: started
/// again on the same data and port, the server resumes the release where it stood, and every host
/// is deployed exactly once, by the hosts' own ledgers; a `capstan releases show --wait` following
/// it rides out the restart.
@Suite(.serialized)
struct ReleaseCrashTests {
    /// `capstan serve` on `port` over `data`, with a 1 s heartbeat; returns once it listens.
    static func serve(port: Int, data: String) async throws -> ChildProcess {
        let child = try ChildProcess([], environment: [
            "CAPSTAN_PORT": String(port), "CAPSTAN_DATA": data, "CAPSTAN_PUBLIC": Repository.publicDirectory,
            "CAPSTAN_RESOURCES": Repository.resourcesDirectory, "CAPSTAN_MIGRATIONS": Repository.migrationsDirectory,
            // Offline after 30 s, not three heartbeats: a loaded machine can stall an agent for
            // seconds, and this test is about the restart, not liveness.
            "CAPSTAN_HEARTBEAT_INTERVAL": "1s", "CAPSTAN_OFFLINE_AFTER": "30s", "CAPSTAN_LOG_LEVEL": "notice",
        ])
        let output = try await child.waitForStandardError(containing: "listening on http://127.0.0.1:\(port)")
        guard output.contains("listening on") else { throw RawHTTP.Failure("capstan serve did not start: \(output)") }
        return child
    }

    @Test("kill -9 mid-release, start again: the release completes and no host is deployed twice")
    func killAndRestart() async throws {
        let directory = try TemporaryDirectory()
        let data = directory.path + "/data"
        let store = try Store.open(at: URL(fileURLWithPath: data), migrationsDirectory: URL(fileURLWithPath: Repository.migrationsDirectory),
                                   logger: Logger(label: "test"))
        let now = Date()
        let (token, enrollment) = try await store.write { db in
            let group = try db.createGroup(GroupDraft(name: "web"))
            let environment = try db.createEnvironment(EnvironmentDraft(name: "staging", rank: 20))
            let admin = try db.createUser(UserDraft(login: "ci", isAdmin: true), passwordHash: nil, now: now)
            let token = try db.createAPIToken(APITokenDraft(name: "ci", scope: TokenScope(groups: .all, maxRole: .owner), expiresAt: nil),
                                              userID: admin.id, now: now).token.text
            let enrollment = try db.createEnrollmentToken(
                EnrollmentTokenDraft(groupID: group.id, environmentID: environment.id, uses: 10, expiresAt: now.addingTimeInterval(3600)), now: now).token.text
            var draft = ReleaseFleet.application(runAs: AgentEndToEndTests.currentUser)
            draft.groupID = group.id
            draft.defaultStrategy = ReleaseStrategy(batchSizes: [.count(2), .percent(100)], maxParallel: 2)
            _ = try db.createApplication(draft)
            return (token, enrollment)
        }
        let headers = ["Authorization": "Bearer \(token)"]
        let port = try AgentEndToEndTests.freePort()
        var server = try await Self.serve(port: port, data: data)
        defer { server.terminate() }
        let upload = try await RawHTTP.send(method: "PUT", target: "/api/v1/applications/web/packages/1.0.0", headers: headers,
                                            body: try await ReleaseFleet.archive(version: "1.0.0", seconds: 0.5), port: port)
        #expect(upload.status == 201, "\(upload.text)")
        let fleet = try await ReleaseFleet.start(10, server: "http://127.0.0.1:\(port)", token: enrollment, in: directory)
        defer { fleet.terminateAll() }

        let body = try JSONSerialization.data(withJSONObject: ["application": "web", "version": "1.0.0", "environment": "staging"])
        let created = try await RawHTTP.send(method: "POST", target: "/api/v1/releases", headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a },
                                             body: Array(body), port: port)
        let id = try #require(Int64(try created.json()["id"] as? String ?? ""), "\(created.text)")
        let waiter = try ChildProcess(["releases", "show", String(id), "--wait"],
                                      environment: ["CAPSTAN_URL": "http://127.0.0.1:\(port)", "CAPSTAN_TOKEN": token])
        let midway = try await eventually {
            let jobs = try await store.read { db in try db.releaseHosts(releaseID: id).map(\.job) }
            return jobs.filter { $0.state == .succeeded }.count >= 3 ? true : nil
        }
        let seen = try await store.read { db in try db.releaseHosts(releaseID: id).map { "\($0.job.state.rawValue): \($0.job.message ?? "")" } }
        #expect(midway == true, "\(seen) \(fleet.logs.suffix(3000))")
        server.killHard()
        _ = await server.exitStatus()
        let standing = try await store.read { db in try db.release(id: id) }
        #expect(!standing.isFinished, "killed mid-release")

        server = try await Self.serve(port: port, data: data)
        var outcome: [String: Any] = [:]
        for _ in 0..<12 where outcome["finished"] as? Bool != true {
            outcome = try await RawHTTP.send(method: "GET", target: "/api/v1/releases/\(id)?wait=9", headers: headers, port: port).json()
        }
        #expect(outcome["state"] as? String == "succeeded", "\(outcome) \(fleet.logs.suffix(3000))")
        #expect(await waiter.exitStatus(limit: .seconds(60)) == 0, "capstan releases show --wait rode out the restart: \(waiter.stdout) \(waiter.stderr)")
        #expect(waiter.stdout.contains("lost the server"))
        let jobs = try await store.read { db in try db.releaseHosts(releaseID: id).map(\.job) }
        #expect(jobs.count == 10 && jobs.allSatisfy { $0.state == .succeeded && $0.attempt == 1 })
        for index in 0..<10 {
            #expect(fleet.runs(index, release: id) == 1, "host \(index) deployed exactly once")
            #expect(fleet.current(index) == "releases/\(id)")
        }
        await fleet.stopAll()
        server.terminate()
        #expect(await server.exitStatus() == 0)
    }
}
