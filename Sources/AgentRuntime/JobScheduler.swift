import Core
import Foundation
import Logging

/// Runs delivered jobs: one at a time per application (a serial queue each), different applications
/// side by side. A job id already queued or running is ignored; one with a stored result is not run
/// again, its result is re-sent instead.
actor JobScheduler {
    private struct Running {
        var task: Task<JobResult, Never>
        var control: JobControl
    }

    private let store: JobStore
    private let executor: JobExecutor
    private let reporters: ReporterFactory
    private let logger: Logger
    private let logCap: Int64
    private var queues: [String: [AgentJob]] = [:]
    private var workers: [String: Task<Void, Never>] = [:]
    private var known: Set<Int64> = []
    private var running: [Int64: Running] = [:]
    private var deliveries: [Int64: Task<Void, Never>] = [:]
    private var isStopping = false

    typealias ReporterFactory = @Sendable (_ jobID: Int64, _ onCancel: @escaping @Sendable () -> Void) -> JobReporter

    init(store: JobStore, executor: JobExecutor, logger: Logger, logCap: Int64 = defaultJobLogCap, reporters: @escaping ReporterFactory) {
        self.store = store
        self.executor = executor
        self.logger = logger
        self.logCap = logCap
        self.reporters = reporters
    }

    func submit(_ job: AgentJob) {
        guard !isStopping, !known.contains(job.id) else { return }
        if let result = store.record(job.id)?.result {
            logger.info("job \(job.id) was already run here (\(result.outcome.rawValue)); re-sending its result")
            return redeliver(result)
        }
        known.insert(job.id)
        queues[job.application.name, default: []].append(job)
        if workers[job.application.name] == nil {
            let name = job.application.name
            workers[name] = Task { await self.drain(name) }
        }
    }

    /// Sends a stored result (with its log) until the server acknowledges it or the agent stops.
    func redeliver(_ result: JobResult) {
        guard deliveries[result.jobID] == nil else { return }
        let reporter = reporters(result.jobID) {}
        deliveries[result.jobID] = Task {
            var backoff = Backoff()
            while !Task.isCancelled {
                if await reporter.deliver(result) {
                    self.store.acknowledge([result.jobID], at: Date())
                    break
                }
                try? await Task.sleep(for: backoff.next())
            }
            self.deliveryEnded(result.jobID)
        }
    }

    private func deliveryEnded(_ id: Int64) { deliveries[id] = nil }

    private func drain(_ application: String) async {
        while !isStopping, var queue = queues[application], !queue.isEmpty {
            let job = queue.removeFirst()
            queues[application] = queue
            await run(job)
        }
        queues[application] = nil
        workers[application] = nil
    }

    private func run(_ job: AgentJob) async {
        let control = JobControl()
        let reporter = reporters(job.id) { [weak self] in Task { await self?.cancel(job.id, .cancelledByServer) } }
        let log: JobLog
        do {
            try store.begin(job, at: Date())
            log = try JobLog(path: store.logPath(job.id), cap: logCap)
        } catch {
            logger.error("job \(job.id) not started: \(error)")
            return
        }
        logger.info("job \(job.id) started: \(job.action.rawValue) \(job.application.name) \(job.version) (release \(job.targetRelease))")
        await reporter.jobStarted(at: Date())
        let progress = Task { await reporter.streamProgress(log: log) }
        let steps = StepRecorder { record in Task { await reporter.step(record) } }
        let executor = executor
        let task = Task { await executor.execute(job, log: log, control: control, steps: steps) }
        running[job.id] = Running(task: task, control: control)
        let result = await task.value
        running[job.id] = nil
        progress.cancel()
        await progress.value
        do { try store.finish(result) } catch { logger.error("job \(job.id): cannot record its result: \(error)") }
        logger.info("job \(job.id) \(result.outcome.rawValue): \(result.message)")
        if !isStopping { redeliver(result) } else if await reporter.deliver(result) { store.acknowledge([job.id], at: Date()) }
    }

    func cancel(_ id: Int64, _ reason: StopReason) {
        guard let job = running[id] else { return }
        logger.notice("job \(id): \(reason == .cancelledByServer ? "cancelled by the server" : "stopping")")
        job.control.stop(reason)
        job.task.cancel()
    }

    /// Stops taking jobs, lets running ones finish for up to `grace`, then interrupts them; waits for
    /// their results to be recorded (and reported once).
    func shutdown(grace: Duration) async {
        isStopping = true
        queues = [:]
        deliveries.values.forEach { $0.cancel() }
        let workers = Array(workers.values)
        let deadline = Task {
            try? await Task.sleep(for: grace)
            if !Task.isCancelled { self.interruptAll() }
        }
        for worker in workers { await worker.value }
        deadline.cancel()
    }

    private func interruptAll() {
        for id in running.keys { cancel(id, .agentStopping) }
    }
}
