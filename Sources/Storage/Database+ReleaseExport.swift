import Core
import Foundation
import GRDB

extension Database {
    /// The newest release id and job id, where an export that starts now ends.
    public func releaseExportBounds() throws -> (release: Int64, job: Int64) {
        let release = try Int64.fetchOne(self, sql: "SELECT max(id) FROM release") ?? 0
        let job = try Int64.fetchOne(self, sql: "SELECT max(id) FROM job") ?? 0
        return (release, job)
    }

    /// One page of the release history export, oldest first.
    public func releaseExportRows(matching query: ReleaseExportQuery) throws -> [ReleaseExportRow] {
        let (conditions, arguments) = query.releaseConditions
        let hostCount = { (states: String) in
            "(SELECT count(*) FROM job WHERE job.releaseID = release.id AND job.isCurrent = 1 AND job.phase = 'main' AND job.state IN (\(states)))"
        }
        let sql = """
            SELECT release.id, application.name AS application, productGroup.name AS groupName, release.version, package.sha256,
                environment.name AS environment, requester.login AS requestedBy, approver.login AS approvedBy, release.approvedAt,
                release.createdAt, release.startedAt, release.finishedAt, release.state, release.rollbackOf,
                release.overrideReason, release.message,
                (SELECT min(later.id) FROM release AS later WHERE later.rollbackOf = release.id) AS rolledBackBy,
                \(hostCount("'succeeded'")) AS hostsSucceeded,
                \(hostCount("'failed', 'interrupted', 'refused'")) AS hostsFailed,
                \(hostCount("'unreachable'")) AS hostsUnreachable
            FROM release
            JOIN application ON application.id = release.applicationID
            JOIN productGroup ON productGroup.id = application.groupID
            JOIN environment ON environment.id = release.environmentID
            JOIN package ON package.id = release.packageID
            JOIN user AS requester ON requester.id = release.requestedBy
            LEFT JOIN user AS approver ON approver.id = release.approvedBy
            WHERE \((["release.id > ?", "release.id <= ?"] + conditions).joined(separator: " AND "))
            ORDER BY release.id LIMIT ?
            """
        let rows = try Row.fetchAll(self, sql: sql, arguments: StatementArguments([query.afterID, query.throughID] + arguments + [Int64(query.limit)]))
        return rows.map { row in
            ReleaseExportRow(
                id: row["id"], application: row["application"], group: row["groupName"], version: row["version"], sha256: row["sha256"],
                environment: row["environment"], requestedBy: row["requestedBy"], approvedBy: row["approvedBy"],
                approvedAt: row.optionalDate("approvedAt"), createdAt: row.date("createdAt"), startedAt: row.optionalDate("startedAt"),
                finishedAt: row.optionalDate("finishedAt"), state: row["state"], hostsSucceeded: row["hostsSucceeded"],
                hostsFailed: row["hostsFailed"], hostsUnreachable: row["hostsUnreachable"], rolledBackBy: row["rolledBackBy"],
                rollbackOf: row["rollbackOf"], overrideReason: row["overrideReason"], message: row["message"])
        }
    }

    /// One page of the per-host export: every job (each attempt, both phases) of the matching
    /// releases, in job id order; `afterID` and `throughID` are job ids here.
    public func releaseHostExportRows(matching query: ReleaseExportQuery) throws -> [ReleaseHostExportRow] {
        let (conditions, arguments) = query.releaseConditions
        let sql = """
            SELECT job.id, job.releaseID, application.name AS application, productGroup.name AS groupName, release.version,
                environment.name AS environment, job.machineID, machine.hostname, machine.datacenter, job.phase, job.batch,
                job.attempt, job.isCurrent, job.action, job.state, job.queuedAt, job.startedAt, job.finishedAt, job.exitCode, job.message
            FROM job
            JOIN release ON release.id = job.releaseID
            JOIN application ON application.id = release.applicationID
            JOIN productGroup ON productGroup.id = application.groupID
            JOIN environment ON environment.id = release.environmentID
            JOIN machine ON machine.id = job.machineID
            WHERE \((["job.id > ?", "job.id <= ?"] + conditions).joined(separator: " AND "))
            ORDER BY job.id LIMIT ?
            """
        let rows = try Row.fetchAll(self, sql: sql, arguments: StatementArguments([query.afterID, query.throughID] + arguments + [Int64(query.limit)]))
        return rows.map { row in
            ReleaseHostExportRow(
                jobID: row["id"], releaseID: row["releaseID"], application: row["application"], group: row["groupName"],
                version: row["version"], environment: row["environment"], machineID: row["machineID"], hostname: row["hostname"],
                datacenter: row["datacenter"], phase: row["phase"], batch: row["batch"], attempt: row["attempt"],
                isCurrent: row["isCurrent"], action: row["action"], state: row["state"], queuedAt: row.optionalDate("queuedAt"),
                startedAt: row.optionalDate("startedAt"), finishedAt: row.optionalDate("finishedAt"), exitCode: row["exitCode"],
                message: row["message"])
        }
    }
}
