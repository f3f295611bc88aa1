import Core
import Foundation
import GRDB

extension Release {
    /// Reads a row of `Database.releaseSelect`.
    init(row: Row) throws {
        self.init(
            id: row["id"], applicationID: row["applicationID"], applicationName: row["applicationName"], groupID: row["groupID"],
            packageID: row["packageID"], version: row["version"], environmentID: row["environmentID"],
            environmentName: row["environmentName"], strategy: try row.json("strategy"), target: try row.json("target"),
            state: Release.State(rawValue: row["state"]) ?? .failed, requestedBy: row["requestedBy"],
            requestedByLogin: row["requestedByLogin"], approvedBy: row["approvedBy"], approvedByLogin: row["approvedByLogin"],
            approvedAt: row.optionalDate("approvedAt"), rollbackOf: row["rollbackOf"], previousPackageID: row["previousPackageID"],
            batchCount: row["batchCount"], currentBatch: row["currentBatch"], resumeAt: row.optionalDate("resumeAt"),
            abortMode: (row["abortMode"] as String?).flatMap(Release.AbortMode.init(rawValue:)), message: row["message"],
            overrideReason: row["overrideReason"], revision: row["revision"], createdAt: row.date("createdAt"),
            startedAt: row.optionalDate("startedAt"), finishedAt: row.optionalDate("finishedAt"))
    }
}

/// A new release as the caller worked it out: the rows to write, jobs included.
public struct ReleaseRecord: Sendable {
    public struct Host: Sendable {
        public var machineID: Int64
        public var batch: Int
        public var spec: AgentJob

        public init(machineID: Int64, batch: Int, spec: AgentJob) {
            self.machineID = machineID
            self.batch = batch
            self.spec = spec
        }
    }

    public var applicationID: Int64
    public var packageID: Int64
    public var version: String
    public var environmentID: Int64
    public var strategy: ReleaseStrategy
    public var target: AgentJob.Target
    public var state: Release.State
    public var requestedBy: Int64
    public var rollbackOf: Int64?
    public var previousPackageID: Int64?
    public var batchCount: Int
    public var overrideReason: String?
    public var hosts: [Host]
    public var now: Date

    public init(applicationID: Int64, packageID: Int64, version: String, environmentID: Int64, strategy: ReleaseStrategy,
                target: AgentJob.Target, state: Release.State, requestedBy: Int64, rollbackOf: Int64? = nil,
                previousPackageID: Int64?, batchCount: Int, overrideReason: String? = nil, hosts: [Host], now: Date) {
        self.applicationID = applicationID
        self.packageID = packageID
        self.version = version
        self.environmentID = environmentID
        self.strategy = strategy
        self.target = target
        self.state = state
        self.requestedBy = requestedBy
        self.rollbackOf = rollbackOf
        self.previousPackageID = previousPackageID
        self.batchCount = batchCount
        self.overrideReason = overrideReason
        self.hosts = hosts
        self.now = now
    }
}

extension Database {
    static let releaseSelect = """
        SELECT release.*, application.name AS applicationName, application.groupID, environment.name AS environmentName,
            requester.login AS requestedByLogin, approver.login AS approvedByLogin
        FROM release
        JOIN application ON application.id = release.applicationID
        JOIN environment ON environment.id = release.environmentID
        JOIN user AS requester ON requester.id = release.requestedBy
        LEFT JOIN user AS approver ON approver.id = release.approvedBy
        """

    /// Writes a release and every one of its jobs (`pending`); the one-unfinished-release lock is a
    /// conflict naming the release that holds it.
    public func createRelease(_ record: ReleaseRecord) throws -> Release {
        do {
            try prepared("""
                    INSERT INTO release (applicationID, packageID, environmentID, strategy, state, requestedBy, rollbackOf,
                        previousPackageID, createdAt, startedAt, version, target, batchCount, overrideReason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [record.applicationID, record.packageID, record.environmentID, try jsonText(record.strategy),
                            record.state.rawValue, record.requestedBy, record.rollbackOf, record.previousPackageID,
                            record.now.millisecondsSince1970,
                            record.state == .running ? record.now.millisecondsSince1970 : nil,
                            record.version, try jsonText(record.target), record.batchCount, record.overrideReason])
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            if let holder = try unfinishedRelease(applicationID: record.applicationID, environmentID: record.environmentID) {
                throw AppError(.conflict, "release \(holder.id) (\(holder.applicationName) \(holder.version) to \(holder.environmentName)) is still \(holder.state.rawValue); wait for it or abort it first")
            }
            throw error
        }
        let releaseID = lastInsertedRowID
        for host in record.hosts {
            var spec = host.spec
            spec.releaseID = releaseID
            if spec.action == .deploy { spec.targetRelease = releaseID }
            try createJob(releaseID: releaseID, machineID: host.machineID, batch: host.batch, spec: spec, state: .pending)
        }
        let created = try release(id: releaseID)
        try enqueueWebhookEvents(ReleaseEvent.changes(from: nil, to: created), of: created, now: record.now)
        return created
    }

    public func release(id: Int64) throws -> Release {
        guard let row = try Row.fetchOne(prepared("\(Self.releaseSelect) WHERE release.id = ?"), arguments: [id]) else {
            throw AppError(.notFound, "no release with id \(id)")
        }
        return try Release(row: row)
    }

    /// The release holding the lock of an application in an environment, if any.
    public func unfinishedRelease(applicationID: Int64, environmentID: Int64) throws -> Release? {
        try Row.fetchOne(prepared("\(Self.releaseSelect) WHERE release.applicationID = ? AND release.environmentID = ? AND release.finishedAt IS NULL"),
            arguments: [applicationID, environmentID]
        ).map(Release.init(row:))
    }

    /// The newest release of an application in an environment.
    public func latestRelease(applicationID: Int64, environmentID: Int64) throws -> Release? {
        try Row.fetchOne(prepared("\(Self.releaseSelect) WHERE release.applicationID = ? AND release.environmentID = ? ORDER BY release.id DESC LIMIT 1"),
            arguments: [applicationID, environmentID]
        ).map(Release.init(row:))
    }

    /// Ids of the releases the engine still drives.
    public func unfinishedReleaseIDs() throws -> [Int64] {
        try Int64.fetchAll(prepared("SELECT id FROM release WHERE finishedAt IS NULL ORDER BY id"))
    }

    /// The package of the newest succeeded release of the application in the environment.
    public func lastSucceededPackageID(applicationID: Int64, environmentID: Int64) throws -> Int64? {
        try Int64.fetchOne(prepared("SELECT packageID FROM release WHERE applicationID = ? AND environmentID = ? AND state = 'succeeded' ORDER BY id DESC LIMIT 1"),
            arguments: [applicationID, environmentID])
    }

    /// Whether a release of the package succeeded in the environment (the promotion gate).
    public func packageSucceeded(packageID: Int64, environmentID: Int64) throws -> Bool {
        try Bool.fetchOne(prepared("SELECT EXISTS (SELECT 1 FROM release WHERE packageID = ? AND environmentID = ? AND state = 'succeeded')"),
            arguments: [packageID, environmentID]) ?? false
    }

    /// Writes where a release stands (every column the engine and operators change) and bumps its
    /// revision; the webhooks of its group get the events of the change (`ReleaseEvent.changes`),
    /// queued in this transaction.
    @discardableResult
    public func saveRelease(_ release: Release, now: Date) throws -> Release {
        let before = try self.release(id: release.id)
        try prepared("""
                UPDATE release SET state = ?, currentBatch = ?, resumeAt = ?, abortMode = ?, message = ?, approvedBy = ?,
                    approvedAt = ?, startedAt = ?, finishedAt = ?, revision = revision + 1
                WHERE id = ?
                """).execute(arguments: [release.state.rawValue, release.currentBatch, release.resumeAt?.millisecondsSince1970, release.abortMode?.rawValue,
                        release.message.map { String($0.prefix(2000)) }, release.approvedBy, release.approvedAt?.millisecondsSince1970,
                        release.startedAt?.millisecondsSince1970, release.finishedAt?.millisecondsSince1970, release.id])
        try requireChange(noun: "release", id: release.id)
        let saved = try self.release(id: release.id)
        try enqueueWebhookEvents(ReleaseEvent.changes(from: before, to: saved), of: saved, now: now)
        return saved
    }

    /// How the current jobs of a release stand, per phase, batch and state.
    public func releaseTally(id: Int64) throws -> ReleaseTally {
        let rows = try Row.fetchAll(prepared("SELECT phase, batch, state, count(*) AS n FROM job WHERE releaseID = ? AND isCurrent = 1 GROUP BY phase, batch, state"),
            arguments: [id])
        var counts: [ReleaseTally.Key: Int] = [:]
        for row in rows {
            guard let phase = Job.Phase(rawValue: row["phase"]), let state = Job.State(rawValue: row["state"]) else { continue }
            counts[ReleaseTally.Key(phase: phase, batch: row["batch"], state: state)] = row["n"]
        }
        return ReleaseTally(counts: counts)
    }

    /// Makes up to `count` pending jobs runnable, oldest first; returns their machines. Each gets a
    /// lease: unfinished when it runs out, the host is unreachable.
    public func dispatchJobs(releaseID: Int64, phase: Job.Phase, batch: Int?, count: Int, now: Date, hostTimeout: Int) throws -> [Int64] {
        let lease = now.addingTimeInterval(TimeInterval(hostTimeout)).millisecondsSince1970
        return try Int64.fetchAll(prepared("""
                UPDATE job SET state = 'queued', queuedAt = ?1, leaseUntil = ?2
                WHERE id IN (SELECT id FROM job WHERE releaseID = ?3 AND isCurrent = 1 AND phase = ?4 AND state = 'pending'
                             AND (?5 IS NULL OR batch = ?5) ORDER BY batch, id LIMIT ?6)
                RETURNING machineID
                """),
            arguments: [now.millisecondsSince1970, lease, releaseID, phase.rawValue, batch, count])
    }

    /// Cancels a release's current jobs in `states`; returns the machines whose jobs changed.
    public func cancelJobs(releaseID: Int64, states: [Job.State], now: Date, message: String) throws -> [Int64] {
        guard !states.isEmpty else { return [] }
        let list = states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try Int64.fetchAll(
            self,
            sql: """
                UPDATE job SET state = 'cancelled', finishedAt = ?, message = ?, leaseUntil = NULL
                WHERE releaseID = ? AND isCurrent = 1 AND state IN (\(list)) RETURNING machineID
                """,
            arguments: [now.millisecondsSince1970, message, releaseID])
    }

    /// Gives every current main job that failed, was unreachable or was cancelled a new attempt,
    /// `pending` in its batch; returns how many and the lowest batch among them.
    public func retryJobs(releaseID: Int64) throws -> (count: Int, firstBatch: Int?) {
        let retried = try Row.fetchAll(prepared("""
                UPDATE job SET isCurrent = 0 WHERE releaseID = ? AND isCurrent = 1 AND phase = 'main'
                    AND state IN ('failed', 'interrupted', 'refused', 'unreachable', 'cancelled')
                RETURNING machineID, batch, attempt, spec
                """),
            arguments: [releaseID])
        for row in retried {
            try createJob(releaseID: releaseID, machineID: row["machineID"], batch: row["batch"], spec: try row.json("spec"),
                          attempt: (row["attempt"] as Int) + 1, state: .pending)
        }
        return (retried.count, retried.map { $0["batch"] as Int }.min())
    }

    /// Where a host stood before `releaseID`: the release directory and version of its newest
    /// succeeded job for the application in an earlier release.
    public func previousInstall(machineID: Int64, applicationID: Int64, before releaseID: Int64) throws -> (release: Int64, version: String, packageID: Int64)? {
        guard let row = try Row.fetchOne(prepared("""
                SELECT json_extract(job.spec, '$.targetRelease') AS targetRelease, json_extract(job.spec, '$.version') AS version
                FROM job JOIN release ON release.id = job.releaseID
                WHERE job.machineID = ? AND release.applicationID = ? AND job.releaseID < ? AND job.state = 'succeeded'
                ORDER BY job.finishedAt DESC, job.id DESC LIMIT 1
                """),
            arguments: [machineID, applicationID, releaseID])
        else { return nil }
        let target: Int64 = row["targetRelease"]
        guard let packageID = try Int64.fetchOne(prepared("SELECT packageID FROM release WHERE id = ?"), arguments: [target]) else { return nil }
        return (target, row["version"], packageID)
    }

    /// The hosts a release switched to its version: current main jobs whose switch step succeeded.
    public func switchedMachines(releaseID: Int64) throws -> [(machineID: Int64, batch: Int)] {
        try Row.fetchAll(prepared("""
                SELECT job.machineID, job.batch FROM job JOIN jobStep ON jobStep.jobID = job.id AND jobStep.step = 'switch'
                WHERE job.releaseID = ? AND job.isCurrent = 1 AND job.phase = 'main' AND jobStep.outcome = 'succeeded'
                ORDER BY job.batch, job.id
                """),
            arguments: [releaseID]
        ).map { ($0["machineID"], $0["batch"]) }
    }

    /// Marks unfinished jobs of unfinished releases unreachable when their host timeout passed or
    /// their machine went offline; returns the releases touched.
    public func expireJobs(now: Date) throws -> [Int64] {
        let expired = try Int64.fetchAll(prepared("""
                UPDATE job SET state = 'unreachable', finishedAt = ?1, leaseUntil = NULL,
                    message = CASE WHEN leaseUntil <= ?1 THEN 'no result within the host timeout'
                                   ELSE 'the agent went offline' END
                WHERE state IN ('queued', 'delivered', 'running')
                    AND releaseID IN (SELECT id FROM release WHERE finishedAt IS NULL)
                    AND (leaseUntil <= ?1 OR machineID IN (SELECT id FROM machine WHERE connectivity = 'offline'))
                RETURNING releaseID
                """),
            arguments: [now.millisecondsSince1970])
        return Array(Set(expired)).sorted()
    }
}
