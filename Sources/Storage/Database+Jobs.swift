import Core
import Foundation
import GRDB

extension Job {
    init(row: Row) throws {
        self.init(
            id: row["id"], releaseID: row["releaseID"], machineID: row["machineID"], batch: row["batch"],
            phase: Job.Phase(rawValue: row["phase"]) ?? .main,
            action: AgentJob.Action(rawValue: row["action"]) ?? .deploy, state: Job.State(rawValue: row["state"]) ?? .failed,
            attempt: row["attempt"], spec: try row.json("spec"), message: row["message"],
            queuedAt: row.optionalDate("queuedAt"), deliveredAt: row.optionalDate("deliveredAt"), startedAt: row.optionalDate("startedAt"),
            finishedAt: row.optionalDate("finishedAt"), logBytes: row["logBytes"])
    }
}

extension StepRecord {
    init(row: Row) {
        self.init(step: JobStep(rawValue: row["step"]) ?? .cleanup, startedAt: row.date("startedAt"),
                  finishedAt: row.optionalDate("finishedAt"), outcome: (row["outcome"] as String?).flatMap(JobOutcome.init(rawValue:)),
                  exitStatus: (row["exitStatus"] as Int64?).map { Int32(truncatingIfNeeded: $0) }, message: row["message"])
    }
}

/// What the server answers when an agent reports on a job.
public struct JobProgress: Sendable, Equatable {
    public let job: Job
    /// Whether a result sent with the report is durable now (also true for a job already finished).
    public let isResultRecorded: Bool
}

/// What the results carried by a heartbeat changed.
public struct RecordedResults: Sendable, Equatable {
    /// The ids the agent may forget: every result sent, applied or not.
    public let acknowledged: [Int64]
    /// The jobs a result finished, as they stand now.
    public let finished: [Job]
}

extension Database {
    /// Queues a job for a machine; `spec.id` is replaced by the new job's id, which is the agent's
    /// idempotency key. `logPath` is where `JobLogStore` keeps the job's output.
    @discardableResult
    public func createJob(releaseID: Int64, machineID: Int64, batch: Int, spec: AgentJob, attempt: Int = 1,
                          phase: Job.Phase = .main, state: Job.State = .queued) throws -> Job {
        try prepared("INSERT INTO job (releaseID, machineID, batch, phase, action, state, attempt) VALUES (?, ?, ?, ?, ?, ?, ?)").execute(arguments: [releaseID, machineID, batch, phase.rawValue, spec.action.rawValue, state.rawValue, attempt])
        let id = lastInsertedRowID
        var spec = spec
        spec.id = id
        try prepared("UPDATE job SET spec = ?, logPath = ? WHERE id = ?").execute(arguments: [try jsonText(spec), JobLogStore.relativePath(jobID: id), id])
        return try job(id: id)
    }

    public func job(id: Int64) throws -> Job {
        try Job(row: row(in: "job", id: id, noun: "job"))
    }

    /// A job's steps in the order they started.
    public func jobSteps(jobID: Int64) throws -> [StepRecord] {
        let order = Dictionary(uniqueKeysWithValues: JobStep.allCases.enumerated().map { ($1, $0) })
        return try Row.fetchAll(prepared("SELECT * FROM jobStep WHERE jobID = ?"), arguments: [jobID])
            .map(StepRecord.init(row:))
            .sorted { ($0.startedAt, order[$0.step]!) < ($1.startedAt, order[$1.step]!) }
    }

    /// A machine's jobs, newest first.
    public func jobs(machineID: Int64, limit: Int = 50) throws -> [Job] {
        try Row.fetchAll(prepared("SELECT * FROM job WHERE machineID = ? ORDER BY id DESC LIMIT ?"), arguments: [machineID, limit])
            .map(Job.init(row:))
    }

    /// Whether any job of the machine names this package: what lets its agent download it.
    public func machineHasJob(forPackage packageID: Int64, machineID: Int64) throws -> Bool {
        try Bool.fetchOne(prepared("SELECT EXISTS (SELECT 1 FROM job WHERE machineID = ? AND json_extract(spec, '$.package.id') = ?)"),
            arguments: [machineID, packageID]) ?? false
    }

    /// How long a job handed to a session may stay unstarted before a poll from that session gets it
    /// again: the answer that carried it may have been lost (a server killed as it replied). The
    /// agent ignores ids it already holds, so a second copy is harmless.
    public static let redeliveryAfter: TimeInterval = 15

    /// Whether a poll from `session` would get anything: an unfinished job of the machine not yet
    /// handed to that session (or handed to it and not started for `redeliveryAfter`).
    public func hasJobsToDeliver(machineID: Int64, session: String, now: Date) throws -> Bool {
        try Bool.fetchOne(prepared("""
                SELECT EXISTS (SELECT 1 FROM job WHERE machineID = ?1 AND state IN ('queued', 'delivered', 'running')
                    AND (deliveredTo IS NULL OR deliveredTo <> ?2 OR (state = 'delivered' AND deliveredAt <= ?3)))
                """),
            arguments: [machineID, session, now.addingTimeInterval(-Self.redeliveryAfter).millisecondsSince1970]) ?? false
    }

    /// Hands the machine's unfinished jobs that `session` has not had to it, oldest first: queued
    /// ones become delivered. Jobs delivered to an earlier session (the agent restarted) come again;
    /// the agent's own records keep it from running any of them twice.
    public func deliverJobs(machineID: Int64, session: String, now: Date, limit: Int = 100) throws -> [AgentJob] {
        let rows = try Row.fetchAll(prepared("""
                UPDATE job SET state = CASE state WHEN 'queued' THEN 'delivered' ELSE state END,
                    deliveredTo = ?1, deliveredAt = ?2
                WHERE id IN (SELECT id FROM job WHERE machineID = ?3 AND state IN ('queued', 'delivered', 'running')
                             AND (deliveredTo IS NULL OR deliveredTo <> ?1 OR (state = 'delivered' AND deliveredAt <= ?5))
                             ORDER BY id LIMIT ?4)
                RETURNING id, spec
                """),
            arguments: [session, now.millisecondsSince1970, machineID, limit,
                        now.addingTimeInterval(-Self.redeliveryAfter).millisecondsSince1970])
        return try rows.map { try $0.json("spec", as: AgentJob.self) }.sorted { $0.id < $1.id }
    }

    /// Takes back jobs delivered to `session` that never reached it (the poll they were handed to
    /// had gone): queued again, for the machine's next poll.
    public func undeliverJobs(_ ids: [Int64], session: String) throws {
        guard !ids.isEmpty else { return }
        try execute(sql: """
            UPDATE job SET state = 'queued', deliveredTo = NULL, deliveredAt = NULL
            WHERE state = 'delivered' AND deliveredTo = ? AND id IN (\(ids.map { _ in "?" }.joined(separator: ",")))
            """, arguments: StatementArguments([session as any DatabaseValueConvertible] + ids.map { $0 as any DatabaseValueConvertible }))
    }

    /// Applies an agent's report on one of its machine's jobs: the start, step records, the log
    /// size now held, and the result. A job of another machine is not found; a result for a job
    /// already finished changes nothing and is acknowledged, so re-sent results are harmless.
    public func recordJobProgress(jobID: Int64, machineID: Int64, events: JobEvents, logBytes: Int64?) throws -> JobProgress {
        guard let owner = try jobOwner(jobID), owner.machineID == machineID else { throw AppError(.notFound, "no job with id \(jobID)") }
        if let logBytes { try prepared("UPDATE job SET logBytes = max(logBytes, ?) WHERE id = ?").execute(arguments: [logBytes, jobID]) }
        if !owner.isFinished { try apply(events, jobID: jobID) }
        return JobProgress(job: try job(id: jobID), isResultRecorded: owner.isFinished || events.result != nil)
    }

    /// Applies results carried by a heartbeat. Results for jobs that are not this machine's (or no
    /// longer exist) are acknowledged without being applied, so an agent never re-sends them
    /// forever; so are results for jobs already finished (a re-sent result).
    public func recordJobResults(_ results: [JobResult], machineID: Int64) throws -> RecordedResults {
        var finished: [Job] = []
        for result in results {
            guard let owner = try jobOwner(result.jobID), owner.machineID == machineID, !owner.isFinished else { continue }
            try apply(JobEvents(session: "", result: result), jobID: result.jobID)
            finished.append(try job(id: result.jobID))
        }
        return RecordedResults(acknowledged: results.map(\.jobID), finished: finished)
    }

    /// The machine a job is for and whether it is finished; nil when there is no such job.
    private func jobOwner(_ jobID: Int64) throws -> (machineID: Int64, isFinished: Bool)? {
        try Row.fetchOne(prepared("SELECT machineID, state FROM job WHERE id = ?"), arguments: [jobID]).map { row in
            (row[0], (Job.State(rawValue: row[1]) ?? .failed).isFinished)
        }
    }

    private func apply(_ events: JobEvents, jobID: Int64) throws {
        if let started = events.started ?? events.result?.startedAt {
            try prepared("""
                UPDATE job SET state = CASE WHEN state IN ('queued', 'delivered') THEN 'running' ELSE state END,
                    startedAt = ifnull(startedAt, ?) WHERE id = ?
                """).execute(arguments: [started.millisecondsSince1970, jobID])
        }
        for step in events.steps + (events.result?.steps ?? []) { try upsert(step, jobID: jobID) }
        if let result = events.result { try finish(jobID: jobID, with: result) }
    }

    private func upsert(_ step: StepRecord, jobID: Int64) throws {
        try prepared("""
                INSERT INTO jobStep (jobID, step, startedAt, finishedAt, outcome, exitStatus, message) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (jobID, step) DO UPDATE SET startedAt = excluded.startedAt,
                    finishedAt = ifnull(excluded.finishedAt, finishedAt), outcome = ifnull(excluded.outcome, outcome),
                    exitStatus = ifnull(excluded.exitStatus, exitStatus), message = ifnull(excluded.message, message)
                """).execute(arguments: [jobID, step.step.rawValue, step.startedAt.millisecondsSince1970, step.finishedAt?.millisecondsSince1970,
                        step.outcome?.rawValue, step.exitStatus.map { Int64($0) }, step.message.map { String($0.prefix(2000)) }])
    }

    private func finish(jobID: Int64, with result: JobResult) throws {
        let failedStep = result.steps.last { $0.outcome != nil && $0.outcome != .succeeded }
        try prepared("""
                UPDATE job SET state = ?, message = ?, exitCode = ?, startedAt = ifnull(startedAt, ?), finishedAt = ?, leaseUntil = NULL
                WHERE id = ?
                """).execute(arguments: [Job.State(result.outcome).rawValue, String(result.message.prefix(2000)),
                        (failedStep?.exitStatus ?? (result.outcome == .succeeded ? 0 : nil)).map { Int64($0) },
                        result.startedAt.millisecondsSince1970, result.finishedAt.millisecondsSince1970, jobID])
    }
}
