import Core
import Foundation
import Logging

/// Sends one job's events (`POST /agent/v1/jobs/{id}/events`): its start, step records, its log in
/// chunks of at most 64 KiB from where the server's copy ends, and finally its result.
///
/// Progress is best-effort: while the server is unreachable the job keeps running and the reporter
/// catches up later. The result is persisted by the caller before `deliver` and re-sent (with any
/// log the server is missing) until acknowledged; heartbeats carry it too.
actor JobReporter {
    static let chunkLimit = 64 * 1024

    let jobID: Int64
    private let client: AgentClient
    private let session: String
    private let logPath: String
    private let logger: Logger
    private let onCancel: @Sendable () -> Void
    private var started: Date?
    private var pendingSteps: [StepRecord] = []
    /// Bytes of the log the server said it holds.
    private var serverLogBytes: Int64 = 0
    private var failures = Backoff()

    init(jobID: Int64, client: AgentClient, session: String, logPath: String, logger: Logger,
         onCancel: @escaping @Sendable () -> Void = {}) {
        self.jobID = jobID
        self.client = client
        self.session = session
        self.logPath = logPath
        self.logger = logger
        self.onCancel = onCancel
    }

    func jobStarted(at date: Date) { started = date }

    func step(_ record: StepRecord) {
        // A finished record replaces the started one not yet sent.
        if let index = pendingSteps.lastIndex(where: { $0.step == record.step && $0.startedAt == record.startedAt }) {
            // Updates may arrive out of order; a finished record is never replaced by its start.
            if pendingSteps[index].finishedAt == nil { pendingSteps[index] = record }
        } else {
            pendingSteps.append(record)
        }
    }

    /// Sends progress every ~250 ms (sooner while more than a chunk of log is waiting) until cancelled.
    func streamProgress(log: JobLog) async {
        while !Task.isCancelled {
            let pause: Duration
            switch await sendProgress(logSize: log.size) {
            case .caughtUp: pause = .milliseconds(250)
            case .more: pause = .zero
            case .failed: pause = failures.next()
            }
            if pause > .zero { try? await Task.sleep(for: pause) }
        }
    }

    private enum Progress { case caughtUp, more, failed }

    /// Sends one event with what is pending.
    private func sendProgress(logSize: Int64) async -> Progress {
        guard started != nil || !pendingSteps.isEmpty || serverLogBytes < logSize else { return .caughtUp }
        let steps = pendingSteps
        let chunk = JobLog.read(path: logPath, from: serverLogBytes, limit: Self.chunkLimit)
        let events = JobEvents(session: session, started: started, steps: steps, logOffset: serverLogBytes, log: chunk)
        do {
            let answer = try await send(events)
            if started == events.started { started = nil }
            pendingSteps.removeFirst(min(steps.count, pendingSteps.count))
            failures.reset()
            if answer.cancel { onCancel() }
            return serverLogBytes >= logSize ? .caughtUp : .more
        } catch {
            return .failed
        }
    }

    /// Sends the log the server lacks, then the result; true once the server acknowledged it.
    func deliver(_ result: JobResult) async -> Bool {
        do {
            while serverLogBytes < result.logBytes {
                let chunk = JobLog.read(path: logPath, from: serverLogBytes, limit: Self.chunkLimit)
                guard !chunk.isEmpty else { break }
                let before = serverLogBytes
                _ = try await send(JobEvents(session: session, logOffset: serverLogBytes, log: chunk))
                if serverLogBytes <= before { break }
            }
            let answer = try await send(JobEvents(session: session, steps: pendingSteps, logOffset: serverLogBytes, result: result))
            pendingSteps = []
            return answer.acknowledged
        } catch {
            logger.debug("job \(jobID): result not delivered yet: \(error)")
            return false
        }
    }

    private func send(_ events: JobEvents) async throws(AgentError) -> JobEventsResponse {
        let answer = try await client.post("\(AgentWire.pathPrefix)/jobs/\(jobID)/events", events, as: JobEventsResponse.self)
        // The server appends a chunk only where its copy ends; its answer is where the next one starts.
        serverLogBytes = answer.logBytes
        return answer
    }
}
