import Core
import Foundation

/// Runs one `AgentJob` on this host (DESIGN "Release engine": download, verify, unpack, stop, switch,
/// start, health check, cleanup; a rollback skips the first three) and says how it ended.
///
/// Never throws: every failure becomes the job's result. Waits go through `sleeper`, commands
/// through `runner`, and packages come from `fetch`, so tests drive it with real files and processes.
public struct JobExecutor: Sendable {
    /// Puts the package's bytes at the given path (resuming what is there), or throws why not.
    public typealias Fetch = @Sendable (AgentJob.PackageRef, String) async throws(AgentError) -> Void

    var runner = CommandRunner()
    var sleeper: Sleeper = realSleeper
    var agent = Account.current()
    var installPrefix: String?
    var fetch: Fetch

    init(runner: CommandRunner = CommandRunner(), sleeper: @escaping Sleeper = realSleeper, agent: Account = .current(),
         installPrefix: String? = nil, fetch: @escaping Fetch) {
        self.installPrefix = installPrefix
        self.runner = runner
        self.sleeper = sleeper
        self.agent = agent
        self.fetch = fetch
    }

    func execute(_ job: AgentJob, log: JobLog, control: JobControl, steps: StepRecorder) async -> JobResult {
        let startedAt = Date()
        var outcome = JobOutcome.succeeded
        var message = job.action == .deploy ? "deployed release \(job.targetRelease) (\(job.version))" : "rolled back to release \(job.targetRelease)"
        do {
            let account = try Account.resolve(runAs: job.application.runAs, agent: agent)
            let run = JobRun(job: job, layout: ReleaseLayout(installRoot: installRoot(job), application: job.application.name),
                             account: account, agent: agent, log: log, steps: steps, control: control, executor: self)
            try await run.perform()
        } catch {
            (outcome, message) = (error.outcome, error.message)
            switch control.stopReason {
            case .cancelledByServer?: (outcome, message) = (.failed, "cancelled by the server")
            case .agentStopping?: (outcome, message) = (.interrupted, "the agent was stopped while this job ran (\(error.message))")
            case nil: break
            }
        }
        log.flush()
        return JobResult(jobID: job.id, outcome: outcome, message: message, startedAt: startedAt, finishedAt: Date(),
                         steps: steps.steps, logBytes: log.size)
    }

    /// The application's install root, under `installPrefix` when there is one.
    func installRoot(_ job: AgentJob) -> String {
        guard let installPrefix, !installPrefix.isEmpty else { return job.application.installRoot }
        let prefix = installPrefix.hasSuffix("/") ? String(installPrefix.dropLast()) : installPrefix
        return prefix + (job.application.installRoot.hasPrefix("/") ? "" : "/") + job.application.installRoot
    }
}
