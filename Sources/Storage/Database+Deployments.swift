import Core
import Foundation
import GRDB

/// How many hosts of one environment run one version of an application now.
public struct Deployment: Sendable, Equatable {
    public let version: String
    public let environment: String
    public let hosts: Int
}

extension Database {
    /// Where each version of an application runs: for every machine, the version of its newest
    /// succeeded deploy or rollback of the application, counted per version and environment.
    /// One statement over the jobs of the application's releases.
    public func deployments(applicationID: Int64) throws -> [Deployment] {
        try Row.fetchAll(prepared("""
                WITH latest AS (
                    SELECT json_extract(job.spec, '$.version') AS version, release.environmentID,
                        row_number() OVER (PARTITION BY job.machineID ORDER BY job.finishedAt DESC, job.id DESC) AS position
                    FROM job JOIN release ON release.id = job.releaseID
                    WHERE release.applicationID = ? AND job.state = 'succeeded'
                )
                SELECT latest.version, environment.name AS environment, count(*) AS hosts
                FROM latest JOIN environment ON environment.id = latest.environmentID
                WHERE latest.position = 1
                GROUP BY latest.version, environment.id ORDER BY environment.rank, latest.version
                """),
            arguments: [applicationID]
        ).map { Deployment(version: $0["version"], environment: $0["environment"], hosts: $0["hosts"]) }
    }
}
