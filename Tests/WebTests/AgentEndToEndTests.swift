import Core
import Foundation
import GRDB
import Storage
import Testing
@testable import Web

/// The agent issue's end-to-end tests: a real server on 127.0.0.1, real `capstan-agent` processes
/// with their own state and install directories, real archives, real commands and health checks.
/// Waits poll the store (`eventually`), since real processes run on the real clock.
@Suite(.serialized)
struct AgentEndToEndTests {
    /// One enrolled agent, running, with an install root of its own.
    struct Host {
        let agent: AgentProcess
        let machineID: Int64
        let root: String
    }

    static func startHost(_ name: String, app: RunningApp, fixture: AgentFixture) async throws -> Host {
        let state = try app.directory.makeDirectory("\(name)/state")
        let root = try app.directory.makeDirectory("\(name)/root")
        chmod(app.directory.path, 0o755)
        chmod(app.directory.path + "/\(name)", 0o755)
        chmod(root, 0o755)
        let agent = AgentProcess(state: state, server: "http://127.0.0.1:\(app.port)")
        try await agent.enroll(token: fixture.enrollmentToken)
        try agent.start()
        return Host(agent: agent, machineID: try agent.machineID(), root: root)
    }

    static var currentUser: String { String(cString: getpwuid(geteuid())!.pointee.pw_name) }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A web application whose start command serves its release directory over HTTP on `port`.
    static func webApplication(_ name: String, root: String, port: Int, runAs: String = currentUser,
                               healthCheck: HealthCheck? = nil) -> ApplicationDraft {
        ApplicationDraft(
            name: name, groupID: 0, runAs: runAs, installRoot: root,
            startCommand: "nohup python3 -m http.server \(port) --bind 127.0.0.1 >server.log 2>&1 & echo $! > server.pid",
            stopCommand: "kill $(cat server.pid) 2>/dev/null; true",
            healthCheck: healthCheck ?? .http(url: "http://127.0.0.1:\(port)/VERSION", expectedStatus: 200,
                                              timing: .init(interval: 1, timeout: 2, retries: 15)))
    }

    static func archive(version: String) async throws -> [UInt8] {
        try await PackagesAPITests.archive("echo \(version) > VERSION && mkdir bin && echo app > bin/app && tar -czf out.tgz VERSION bin")
    }

    static func finished(_ job: Job, _ app: RunningApp, limit: Duration = .seconds(60)) async throws -> Job {
        let done = try await eventually(limit: limit) {
            let current = try await app.store.read { db in try db.job(id: job.id) }
            return current.isFinished ? current : nil
        }
        guard let done else { throw RawHTTP.Failure("job \(job.id) did not finish") }
        return done
    }

    static func log(_ job: Job, _ app: RunningApp) -> String {
        let path = app.app.configuration.dataDirectory + "/" + JobLogStore.relativePath(jobID: job.id)
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// Ends the HTTP server the web application's start command left running (agents never stop
    /// applications on their own). Only a real pid is signalled: kill(0) would hit this test's group.
    static func stopServedApplication(root: String, _ application: String) {
        let text = (try? String(contentsOfFile: "\(root)/\(application)/current/server.pid", encoding: .utf8)) ?? ""
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 else { return }
        kill(pid, SIGTERM)
    }

    static func current(_ root: String, _ application: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "\(root)/\(application)/current")
    }

    @Test("three agents enroll, heartbeat with facts, and show online")
    func enrollAndHeartbeat() async throws {
        try await withAgentServer { app in
            let fixture = try await AgentFixture.make(in: app)
            var hosts: [Host] = []
            let started = Date()
            for name in ["a", "b", "c"] { hosts.append(try await Self.startHost(name, app: app, fixture: fixture)) }
            defer { for host in hosts { host.agent.run?.terminate() } }
            let ids = hosts.map(\.machineID)
            #expect(Set(ids).count == 3)
            let machines: [Machine]? = try await eventually {
                let machines = try await app.store.read { db in try ids.map { try db.machine(id: $0) } }
                // Enrollment stores facts too: wait for heartbeats from the running agents.
                let reported = machines.allSatisfy { machine in
                    guard let seen = machine.lastSeenAt, seen > started.addingTimeInterval(1.5) else { return false }
                    if case .int(let cpus)? = machine.facts["cpuCount"] { return cpus > 0 && machine.facts["memoryTotal"] != nil }
                    return false
                }
                return reported ? machines : nil
            }
            #expect(machines != nil, "every agent reported its facts: \(hosts.map(\.agent.logs))")
            for machine in machines ?? [] {
                #expect(machine.state == .active)
                #expect(machine.groupID == fixture.groupID)
                #expect(!machine.hostname.isEmpty)
                #expect(machine.agentVersion == capstanVersion)
                #expect(machine.isOnline(now: Date(), threshold: 3))
            }
            let page = try await app.get("/api/v1/machines?group=\(fixture.groupID)&online=true", headers: fixture.adminHeaders)
            #expect(page.text.components(separatedBy: #""isOnline":true"#).count - 1 == 3)
            for host in hosts {
                let status = await host.agent.stop()
                #expect(status == 0, "\(status): \(host.agent.logs)")
            }
        }
    }

    @Test("deploy switches current to the new release and keeps the previous; rollback switches back")
    func deployAndRollBack() async throws {
        try await withAgentServer { app in
            let fixture = try await AgentFixture.make(in: app)
            let host = try await Self.startHost("a", app: app, fixture: fixture)
            let port = try Self.freePort()
            let application = try await fixture.makeApplication(Self.webApplication("web", root: host.root, port: port), in: app)
            let v1 = try await app.uploadPackage("web", "1.0.0", try await Self.archive(version: "1.0.0"), headers: fixture.adminHeaders)
            let v2 = try await app.uploadPackage("web", "2.0.0", try await Self.archive(version: "2.0.0"), headers: fixture.adminHeaders)

            let first = try await Self.finished(try await app.queueJobs(application: application, package: v1, machines: [host.machineID], fixture: fixture)[0], app)
            #expect(first.state == .succeeded, "\(first.message ?? "") \(Self.log(first, app)) \(host.agent.logs)")
            #expect(Self.current(host.root, "web") == "releases/\(first.releaseID)")
            let second = try await Self.finished(try await app.queueJobs(application: application, package: v2, machines: [host.machineID], fixture: fixture)[0], app)
            #expect(second.state == .succeeded, "\(second.message ?? "") \(Self.log(second, app))")
            #expect(Self.current(host.root, "web") == "releases/\(second.releaseID)")
            #expect(FileManager.default.fileExists(atPath: "\(host.root)/web/releases/\(first.releaseID)/VERSION"), "the previous release is kept")
            let served = try String(contentsOf: URL(string: "http://127.0.0.1:\(port)/VERSION")!, encoding: .utf8)
            #expect(served == "2.0.0\n")
            let steps = try await app.store.read { db in try db.jobSteps(jobID: second.id) }
            #expect(steps.map(\.step) == [.download, .verify, .unpack, .stop, .switch, .start, .healthCheck, .cleanup])

            let rollback = try await Self.finished(try await app.queueJobs(.rollback, application: application, package: v1, machines: [host.machineID],
                                                                           fixture: fixture, targetRelease: first.releaseID)[0], app)
            #expect(rollback.state == .succeeded, "\(rollback.message ?? "") \(Self.log(rollback, app))")
            #expect(Self.current(host.root, "web") == "releases/\(first.releaseID)")
            let back = try String(contentsOf: URL(string: "http://127.0.0.1:\(port)/VERSION")!, encoding: .utf8)
            #expect(back == "1.0.0\n")
            let rollbackSteps = try await app.store.read { db in try db.jobSteps(jobID: rollback.id) }
            #expect(!rollbackSteps.contains { $0.step == .download }, "a rollback downloads nothing")
            _ = await host.agent.stop()
            Self.stopServedApplication(root: host.root, "web")
        }
    }

    @Test("a corrupted download is refused before anything is unpacked")
    func corruptedDownload() async throws {
        try await withAgentServer { app in
            let fixture = try await AgentFixture.make(in: app)
            let host = try await Self.startHost("a", app: app, fixture: fixture)
            defer { host.agent.run?.terminate() }
            let application = try await fixture.makeApplication(Self.webApplication("web", root: host.root, port: try Self.freePort()), in: app)
            let package = try await app.uploadPackage("web", "1.0.0", try await Self.archive(version: "1.0.0"), headers: fixture.adminHeaders)
            // The stored file rots on disk: same size, other bytes.
            let file = try ArtifactStore(dataDirectory: URL(fileURLWithPath: app.app.configuration.dataDirectory))
                .path(for: ArtifactDigest(package.sha256)!).path
            var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
            bytes[bytes.count / 2] ^= 0xFF
            chmod(file, 0o644)
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let job = try await Self.finished(try await app.queueJobs(application: application, package: package, machines: [host.machineID], fixture: fixture)[0], app)
            #expect(job.state == .failed)
            #expect(job.message?.contains("checksum") == true, "\(job.message ?? "")")
            #expect(!FileManager.default.fileExists(atPath: "\(host.root)/web/releases/\(job.releaseID)"))
            #expect(Self.current(host.root, "web") == nil)
            let steps = try await app.store.read { db in try db.jobSteps(jobID: job.id) }
            #expect(!steps.contains { $0.step == .unpack && $0.outcome == .succeeded })
        }
    }

    @Test("a failing health check fails the job with the check's output in the log")
    func failingHealthCheck() async throws {
        try await withAgentServer { app in
            let fixture = try await AgentFixture.make(in: app)
            let host = try await Self.startHost("a", app: app, fixture: fixture)
            defer { host.agent.run?.terminate() }
            let check = HealthCheck.command("echo probe-says-database-down; exit 3", timing: .init(interval: 1, timeout: 2, retries: 1))
            var draft = Self.webApplication("web", root: host.root, port: try Self.freePort(), healthCheck: check)
            draft.startCommand = "true"
            draft.stopCommand = ""
            let application = try await fixture.makeApplication(draft, in: app)
            let package = try await app.uploadPackage("web", "1.0.0", try await Self.archive(version: "1.0.0"), headers: fixture.adminHeaders)
            let job = try await Self.finished(try await app.queueJobs(application: application, package: package, machines: [host.machineID], fixture: fixture)[0], app)
            #expect(job.state == .failed)
            #expect(job.message?.contains("health check") == true, "\(job.message ?? "")")
            let log = Self.log(job, app)
            #expect(log.components(separatedBy: "probe-says-database-down").count - 1 == 2, "both tries' output is in the log: \(log)")
        }
    }

    @Test("a killed agent turns offline within three heartbeat intervals")
    func killedAgentGoesOffline() async throws {
        try await withAgentServer { app in
            let fixture = try await AgentFixture.make(in: app)
            let host = try await Self.startHost("a", app: app, fixture: fixture)
            let machineID = host.machineID
            _ = try await eventually { try await app.store.read { db in try db.machine(id: machineID) }.facts.isEmpty ? nil : true }
            await host.agent.kill()
            let offline = try await eventually(limit: .seconds(15)) {
                try await app.store.read { db in try db.machineEvents(machineID: machineID) }.first { $0.kind == .offline }
            }
            let machine = try await app.store.read { db in try db.machine(id: machineID) }
            #expect(offline != nil)
            if let offline, let lastSeen = machine.lastSeenAt {
                // Three intervals of silence, then at most one sweep period (half an interval) to notice.
                #expect(offline.at.timeIntervalSince(lastSeen) <= 3.0 + 0.5 + 0.5)
                #expect(offline.at.timeIntervalSince(lastSeen) >= 3.0)
            }
            #expect(!machine.isOnline(now: Date(), threshold: 3))
        }
    }

    /// `<root>/runs`: one line per run of the application's start command.
    static func countingApplication(root: String, start: String = "true") -> ApplicationDraft {
        ApplicationDraft(name: "counter", groupID: 0, runAs: currentUser, installRoot: root,
                         startCommand: "echo started >> \(root)/runs; \(start)")
    }

    static func runs(_ root: String) -> Int {
        ((try? String(contentsOfFile: root + "/runs", encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    @Test("a job delivered again after an agent restart is not run twice")
    func redeliveredJobRunsOnce() async throws {
        try await withAgentServer { app in
            let fixture = try await AgentFixture.make(in: app)
            let host = try await Self.startHost("a", app: app, fixture: fixture)
            let application = try await fixture.makeApplication(Self.countingApplication(root: host.root), in: app)
            let package = try await app.uploadPackage("counter", "1.0.0", try await Self.archive(version: "1.0.0"), headers: fixture.adminHeaders)
            let job = try await Self.finished(try await app.queueJobs(application: application, package: package, machines: [host.machineID], fixture: fixture)[0], app)
            #expect(job.state == .succeeded, "\(job.message ?? "")")
            #expect(await host.agent.stop() == 0)
            // The server forgets it ever had an answer (as after restoring a backup): the job is queued again.
            try await app.store.write { db in
                try db.execute(sql: "UPDATE job SET state = 'queued', deliveredTo = NULL, finishedAt = NULL, message = NULL WHERE id = ?", arguments: [job.id])
            }
            try host.agent.start()
            let again = try await Self.finished(job, app)
            #expect(again.state == .succeeded, "the agent re-sent its stored result")
            #expect(Self.runs(host.root) == 1, "the start command ran once")
            #expect(await host.agent.stop() == 0)
        }
    }

    @Test("an agent killed mid-job reports the job interrupted after its restart and does not run it again")
    func interruptedJob() async throws {
        try await withAgentServer { app in
            let fixture = try await AgentFixture.make(in: app)
            let host = try await Self.startHost("a", app: app, fixture: fixture)
            let application = try await fixture.makeApplication(Self.countingApplication(root: host.root, start: "echo $$ > \(host.root)/sleeper.pid; exec sleep 30"), in: app)
            let package = try await app.uploadPackage("counter", "1.0.0", try await Self.archive(version: "1.0.0"), headers: fixture.adminHeaders)
            let job = try await app.queueJobs(application: application, package: package, machines: [host.machineID], fixture: fixture)[0]
            let started = try await eventually { Self.runs(host.root) == 1 ? true : nil }
            let before = try await app.store.read { db in try db.job(id: job.id) }
            #expect(started == true, "the start command never ran: \(before.state) \(before.message ?? "") \(host.agent.logs)")
            await host.agent.kill()
            try host.agent.start()
            let done = try await Self.finished(job, app)
            #expect(done.state == .interrupted, "\(done.message ?? "")")
            #expect(Self.runs(host.root) == 1)
            #expect(await host.agent.stop() == 0)
            // The killed agent's step outlived it; end that one process, nothing else of the machine's.
            let sleeper = (try? String(contentsOfFile: host.root + "/sleeper.pid", encoding: .utf8)) ?? ""
            if let pid = Int32(sleeper.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 { kill(pid, SIGKILL) }
        }
    }

    static let isRoot = geteuid() == 0

    @Test("commands run as the application's account", .enabled(if: isRoot, "switching accounts needs the agent to run as root"))
    func runsAsAccount() async throws {
        try await withAgentServer { app in
            let fixture = try await AgentFixture.make(in: app)
            let host = try await Self.startHost("a", app: app, fixture: fixture)
            defer { host.agent.run?.terminate() }
            let draft = ApplicationDraft(name: "whoami", groupID: 0, runAs: "nobody", installRoot: host.root, startCommand: "echo uid=$(id -u)")
            let application = try await fixture.makeApplication(draft, in: app)
            let package = try await app.uploadPackage("whoami", "1.0.0", try await Self.archive(version: "1.0.0"), headers: fixture.adminHeaders)
            let job = try await Self.finished(try await app.queueJobs(application: application, package: package, machines: [host.machineID], fixture: fixture)[0], app)
            #expect(job.state == .succeeded, "\(job.message ?? "") \(Self.log(job, app))")
            #expect(Self.log(job, app).contains("uid=65534"))
        }
    }
}
