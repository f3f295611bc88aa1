import Core
import Crypto
import Foundation
import Testing
@testable import AgentRuntime

/// Deploys and rollbacks of real `/bin/tar` packages into a temporary install root, packages
/// "downloaded" by copying the file (the HTTP download is covered end to end against the server).
struct JobExecutorTests {
    let scratch: Scratch
    let root: String

    init() throws {
        scratch = try Scratch()
        root = "\(scratch.path)/apps"
    }

    /// A package with `bin/start` printing the CAPSTAN_* variables, as a gzip'd tar made by /bin/tar.
    private func makePackage(_ name: String, marker: String = "v1") async throws -> (path: String, ref: AgentJob.PackageRef) {
        let source = "\(scratch.path)/src-\(name)"
        _ = try scratch.file("src-\(name)/VERSION", marker + "\n")
        _ = try scratch.file("src-\(name)/bin/run.sh", "#!/bin/sh\necho running\n", mode: 0o755)
        let path = "\(scratch.path)/\(name).tar.gz"
        try await shell("tar -czf '\(path)' -C '\(source)' .")
        return (path, try await reference(path))
    }

    private func reference(_ path: String, id: Int64 = 1) async throws -> AgentJob.PackageRef {
        let (size, sha256) = try await PackageFile.digest(path)
        return AgentJob.PackageRef(id: id, sha256: sha256, size: size)
    }

    private func executor(_ package: String, sleeper: RecordingSleeper = RecordingSleeper()) -> JobExecutor {
        JobExecutor(runner: CommandRunner(killGrace: .seconds(1), drain: .milliseconds(50)), sleeper: sleeper.sleeper) { _, path throws(AgentError) in
            do { try FileManager.default.copyItem(atPath: package, toPath: path) } catch { throw .unreachable("\(error)") }
        }
    }

    private func execute(_ job: AgentJob, with executor: JobExecutor) async throws -> (JobResult, String) {
        try FileManager.default.createDirectory(atPath: "\(scratch.path)/logs", withIntermediateDirectories: true)
        let log = try JobLog(path: "\(scratch.path)/logs/\(job.id).log")
        let result = await executor.execute(job, log: log, control: JobControl(), steps: StepRecorder { _ in })
        return (result, scratch.read("logs/\(job.id).log") ?? "")
    }

    @Test("a deploy unpacks into releases/<id>, switches current and runs start there with the CAPSTAN_* environment")
    func deploys() async throws {
        let package = try await makePackage("one")
        let start = "echo \"$CAPSTAN_APPLICATION $CAPSTAN_VERSION $CAPSTAN_ENVIRONMENT $CAPSTAN_RELEASE_ID $CAPSTAN_RELEASE_DIR\" > started; pwd >> started"
        let job = makeJob(id: 1, root: root, release: 11, start: start, package: package.ref)
        let (result, log) = try await execute(job, with: executor(package.path))
        #expect(result.outcome == .succeeded, "\(result.message)\n\(log)")
        #expect(result.steps.map(\.step) == JobStep.allCases)
        #expect(result.steps.allSatisfy { $0.outcome == .succeeded })
        let release = "\(root)/shop/releases/11"
        #expect(try String(contentsOfFile: "\(release)/started", encoding: .utf8) == "shop 1.11 staging 11 \(release)\n\(release)\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(root)/shop/current") == "releases/11")
        #expect(FileManager.default.isExecutableFile(atPath: "\(release)/bin/run.sh"))
        #expect(log.contains("==> start (as \(Account.current().name)): \(start)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(root)/shop/.downloads").isEmpty)
    }

    @Test("the stop command of the current release runs in its directory before the switch")
    func stopsCurrentRelease() async throws {
        let first = try await makePackage("one")
        _ = try await execute(makeJob(id: 1, root: root, release: 1, package: first.ref), with: executor(first.path))
        let second = try await makePackage("two", marker: "v2")
        let stop = "echo \"stopped $CAPSTAN_RELEASE_ID $CAPSTAN_VERSION $(cat VERSION)\" >> \(scratch.path)/stops"
        let (result, _) = try await execute(makeJob(id: 2, root: root, release: 2, stop: stop, package: second.ref), with: executor(second.path))
        #expect(result.outcome == .succeeded)
        #expect(scratch.read("stops") == "stopped 1 1.1 v1\n")
        #expect(ReleaseLayout(installRoot: root, application: "shop").previousRelease == 1)
    }

    @Test("a checksum mismatch fails before anything is unpacked and deletes the download")
    func checksumMismatch() async throws {
        let package = try await makePackage("one")
        var ref = package.ref
        ref.sha256 = String(repeating: "0", count: 64)
        let (result, _) = try await execute(makeJob(id: 3, root: root, release: 5, package: ref), with: executor(package.path))
        #expect(result.outcome == .failed)
        #expect(result.message == "checksum mismatch: expected \(ref.sha256), got \(package.ref.sha256)")
        #expect(result.steps.last?.step == .verify)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(root)/shop/releases").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(root)/shop/.downloads").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(root)/shop/current"))
    }

    @Test("an archive with a ../ entry is refused, naming the entry, and nothing is unpacked")
    func hostileArchive() async throws {
        _ = try scratch.file("outside/x", "evil\n")
        try FileManager.default.createDirectory(atPath: "\(scratch.path)/inside", withIntermediateDirectories: true)
        let path = "\(scratch.path)/evil.tar.gz"
        try await shell("tar -czPf '\(path)' ../outside/x", in: "\(scratch.path)/inside")
        let ref = try await reference(path)
        let (result, _) = try await execute(makeJob(id: 4, root: root, release: 6, package: ref), with: executor(path))
        #expect(result.outcome == .failed)
        #expect(result.message == "package refused: entry \"../outside/x\": path escapes the archive root")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(root)/shop/releases").isEmpty)
    }

    @Test("a rollback switches to a kept release, and is refused for one that is not kept")
    func rollback() async throws {
        let package = try await makePackage("one")
        for release in [1, 2] as [Int64] {
            _ = try await execute(makeJob(id: release, root: root, release: release, package: package.ref), with: executor(package.path))
        }
        let back = makeJob(id: 10, action: .rollback, root: root, release: 1, start: "touch rolled-back")
        let (result, _) = try await execute(back, with: executor(package.path))
        #expect(result.outcome == .succeeded)
        #expect(result.steps.map(\.step) == [.stop, .switch, .start, .healthCheck])
        #expect(FileManager.default.fileExists(atPath: "\(root)/shop/releases/1/rolled-back"))
        #expect(ReleaseLayout(installRoot: root, application: "shop").currentRelease == 1)
        let missing = makeJob(id: 11, action: .rollback, root: root, release: 99)
        let (refused, _) = try await execute(missing, with: executor(package.path))
        #expect(refused.outcome == .refused)
        #expect(refused.message == "release 99 is not kept on this host")
    }

    @Test("keepReleases prunes old releases but keeps current and previous")
    func prunesReleases() async throws {
        let package = try await makePackage("one")
        for release in 1...4 as ClosedRange<Int64> {
            _ = try await execute(makeJob(id: release, root: root, release: release, keep: 1, package: package.ref), with: executor(package.path))
        }
        #expect(ReleaseLayout(installRoot: root, application: "shop").keptReleases == [3, 4])
    }

    @Test("a failing start command fails the job with its exit status")
    func failingStart() async throws {
        let package = try await makePackage("one")
        let (result, log) = try await execute(makeJob(id: 5, root: root, release: 1, start: "echo boom; exit 4", package: package.ref),
                                              with: executor(package.path))
        #expect(result.outcome == .failed)
        #expect(result.message == "start failed: exit status 4")
        #expect(result.steps.last?.exitStatus == 4)
        #expect(log.contains("boom\n"))
    }

    @Test("a health check that keeps failing fails the job after 1 + retries tries, waiting the interval between")
    func healthCheckFailure() async throws {
        let package = try await makePackage("one")
        let sleeper = RecordingSleeper()
        let check = HealthCheck.command("echo not yet; exit 1", timing: .init(interval: 7, timeout: 5, retries: 3))
        let (result, log) = try await execute(makeJob(id: 6, root: root, release: 1, healthCheck: check, package: package.ref),
                                              with: executor(package.path, sleeper: sleeper))
        #expect(result.outcome == .failed)
        #expect(result.message == "health check failed after 4 tries: exit status 1")
        #expect(sleeper.recorded == [.seconds(7), .seconds(7), .seconds(7)])
        #expect(log.components(separatedBy: "not yet").count == 5)
    }

    @Test("a job for another account is refused when the agent is not root")
    func refusesOtherAccount() async throws {
        let agent = Account(name: "deployer", uid: 1000, gid: 1000, groups: [1000], home: "/home/deployer")
        let executor = JobExecutor(agent: agent) { _, _ throws(AgentError) in }
        let (result, _) = try await execute(makeJob(id: 8, root: root, runAs: "nobody"), with: executor)
        #expect(result.outcome == .refused)
        #expect(result.message == "cannot run as nobody: the agent runs as deployer, not root")
    }

    @Test("an install prefix puts every application's install root under it")
    func installPrefix() {
        let job = makeJob(id: 9, root: "/srv/apps", runAs: "nobody")
        #expect(JobExecutor(installPrefix: "/data/") { _, _ throws(AgentError) in }.installRoot(job) == "/data/srv/apps")
        #expect(JobExecutor(installPrefix: nil) { _, _ throws(AgentError) in }.installRoot(job) == "/srv/apps")
    }
}
