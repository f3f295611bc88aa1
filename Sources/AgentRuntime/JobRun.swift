import Core
import Foundation
import Glibc

/// One execution of a job: the steps in order, each recorded, each command's output in the log
/// under a header line such as `==> stop (as nobody): ./bin/stop`.
struct JobRun: Sendable {
    let job: AgentJob
    let layout: ReleaseLayout
    let account: Account
    let agent: Account
    let log: JobLog
    let steps: StepRecorder
    let control: JobControl
    let executor: JobExecutor

    func perform() async throws(StepFailure) {
        try prepareDirectories()
        switch job.action {
        case .deploy:
            try await install()
        case .rollback:
            guard layout.hasRelease(job.targetRelease) else {
                throw .refused("release \(job.targetRelease) is not kept on this host")
            }
        }
        try await stopCurrent()
        try await checkpoint()
        try await steps.run(.switch) { () throws(StepFailure) in
            try layout.activate(job.targetRelease)
            return (nil, "current → releases/\(job.targetRelease)")
        }
        try await runCommand(.start, job.application.startCommand, release: job.targetRelease, version: job.version)
        try await healthCheck()
        if job.action == .deploy {
            try await steps.run(.cleanup) { () throws(StepFailure) in
                let removed = layout.cleanUp(keep: job.application.keepReleases)
                removed.forEach { log.line("removed \($0)") }
                return (nil, "removed \(removed.count) old release or download file(s)")
            }
        }
    }

    private func checkpoint() async throws(StepFailure) {
        if Task.isCancelled || control.stopReason != nil { throw StepFailure("stopped before the next step") }
    }

    private func prepareDirectories() throws(StepFailure) {
        for path in [layout.root, layout.releases, layout.downloads] {
            do throws(AgentError) { try AtomicFile.makeDirectory(path, mode: 0o755) } catch { throw StepFailure(error.description) }
        }
    }

    private func stopCurrent() async throws(StepFailure) {
        guard let current = layout.currentRelease, layout.hasRelease(current) else {
            return steps.skip(.stop, "no current release to stop")
        }
        try await runCommand(.stop, job.application.stopCommand, release: current, version: layout.version(of: current) ?? "")
    }

    /// Runs `script` in the release directory as the application's account; an empty script is a skipped step.
    func runCommand(_ step: JobStep, _ script: String, release: Int64, version: String) async throws(StepFailure) {
        guard !script.isEmpty else { return steps.skip(step, "no \(step.rawValue) command") }
        try await checkpoint()
        let command = command(script, release: release, version: version, timeout: .seconds(job.stepTimeout))
        try await steps.run(step) { () throws(StepFailure) in
            log.line("==> \(step.rawValue) (as \(account.name)): \(script)")
            let outcome = try await executor.runner.run(command) { log.append($0) }
            log.flush()
            if outcome.timedOut {
                throw StepFailure("\(step.rawValue) timed out after \(job.stepTimeout) s; its processes were killed", exitStatus: outcome.exitStatus)
            }
            guard outcome.exitStatus == 0 else {
                throw StepFailure("\(step.rawValue) failed: \(Self.describe(outcome.exitStatus))", exitStatus: outcome.exitStatus)
            }
            return (0, nil)
        }
    }

    private func healthCheck() async throws(StepFailure) {
        guard let check = job.application.healthCheck else { return steps.skip(.healthCheck, "no health check") }
        try await checkpoint()
        let context = command("", release: job.targetRelease, version: job.version, timeout: .seconds(check.timing.timeout))
        let checker = HealthChecker(runner: executor.runner, sleeper: executor.sleeper)
        try await steps.run(.healthCheck) { () throws(StepFailure) in
            let tries = try await checker.check(check, command: context, log: log)
            return (nil, "healthy after \(tries) \(tries == 1 ? "try" : "tries")")
        }
    }

    func command(_ script: String, release: Int64, version: String, timeout: Duration) -> Command {
        let environment = [
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": account.home, "USER": account.name, "LOGNAME": account.name, "LANG": "C.UTF-8",
            "CAPSTAN_APPLICATION": job.application.name, "CAPSTAN_VERSION": version,
            "CAPSTAN_RELEASE_DIR": layout.release(release), "CAPSTAN_ENVIRONMENT": job.environment,
            "CAPSTAN_RELEASE_ID": String(release),
        ]
        return Command(script: script, directory: layout.release(release), environment: environment, account: account, timeout: timeout)
    }

    static func describe(_ status: Int32) -> String {
        status < 0 ? "killed by signal \(-status)" : "exit status \(status)"
    }
}
