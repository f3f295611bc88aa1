import Core
import Foundation
import Synchronization

/// The agent's durable memory of jobs: one JSON record per job id, written atomically, so a job
/// that has a result is never run again and a result survives restarts until the server
/// acknowledges it. The files are the only copy; nothing is cached in memory.
public final class JobStore: Sendable {
    /// Acknowledged records (and their logs) older than this are deleted.
    public static let retention: TimeInterval = 7 * 24 * 3600

    let directory: String
    private let lock = Mutex(())

    public init(state: StateDirectory) throws(AgentError) {
        try state.prepare()
        directory = state.jobsPath
    }

    func logPath(_ id: Int64) -> String { "\(directory)/\(id).log" }
    private func recordPath(_ id: Int64) -> String { "\(directory)/\(id).json" }

    func record(_ id: Int64) -> JobRecord? {
        lock.withLock { _ in read(recordPath(id)) }
    }

    /// Writes the "running" record; must succeed before the job's first step.
    func begin(_ job: AgentJob, at date: Date) throws(AgentError) {
        try lock.withLock { _ throws(AgentError) in try write(JobRecord(job: job, startedAt: date)) }
    }

    func finish(_ result: JobResult) throws(AgentError) {
        try lock.withLock { _ throws(AgentError) in
            guard var record = read(recordPath(result.jobID)) else {
                throw AgentError.state("no record of job \(result.jobID) to finish")
            }
            record.result = result
            try write(record)
        }
    }

    /// Results the server has not acknowledged yet, oldest job first.
    public func unacknowledged() -> [JobResult] {
        lock.withLock { _ in
            records().filter { !$0.isAcknowledged }.compactMap(\.result).sorted { $0.jobID < $1.jobID }
        }
    }

    public func acknowledge(_ ids: [Int64], at date: Date) {
        lock.withLock { _ in
            for id in ids {
                guard var record = read(recordPath(id)), record.result != nil, !record.isAcknowledged else { continue }
                record.acknowledgedAt = date
                try? write(record)
            }
        }
    }

    /// Turns every record left running by an agent that stopped mid-job into an `.interrupted`
    /// result (the job is not run again) and returns those results.
    public func recoverInterrupted(at date: Date) -> [JobResult] {
        lock.withLock { _ in
            records().filter { $0.result == nil }.compactMap { record -> JobResult? in
                var record = record
                let logBytes = (try? FileManager.default.attributesOfItem(atPath: logPath(record.job.id))[.size] as? Int64) ?? 0
                let result = JobResult(jobID: record.job.id, outcome: .interrupted,
                                       message: "the agent stopped while this job ran; it was not run again",
                                       startedAt: record.startedAt, finishedAt: date, logBytes: logBytes)
                record.result = result
                return (try? write(record)) == nil ? nil : result
            }
        }
    }

    /// Deletes acknowledged records and logs acknowledged more than `retention` seconds before `date`.
    public func prune(at date: Date) {
        lock.withLock { _ in
            for record in records() {
                guard let acknowledged = record.acknowledgedAt, date.timeIntervalSince(acknowledged) > Self.retention else { continue }
                unlink(recordPath(record.job.id))
                unlink(logPath(record.job.id))
            }
        }
    }

    private func records() -> [JobRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") && Int64($0.dropLast(5)) != nil }.compactMap { read("\(directory)/\($0)") }
    }

    private func read(_ path: String) -> JobRecord? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? AgentWire.makeDecoder().decode(JobRecord.self, from: data)
    }

    private func write(_ record: JobRecord) throws(AgentError) {
        let data: Data
        do { data = try AgentWire.makeEncoder().encode(record) } catch { throw .state("cannot encode job \(record.job.id): \(error)") }
        try AtomicFile.write(data, to: recordPath(record.job.id), mode: 0o600)
    }
}
