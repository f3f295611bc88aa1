import Core
import GRDB

extension Database {
    /// Every release target of the applications in `scope` (the active machines of each one's
    /// group, in the environment they are in now) with the version of its newest succeeded job of
    /// that application. The version is one lookup per host and application on `jobByMachine`,
    /// walked newest first, so the history's length does not matter.
    public func versionHosts(_ scope: StatisticsScope) throws -> [VersionMap.Host] {
        guard !scope.isEmpty else { return [] }
        let (sql, arguments) = Self.versionHostsStatement(scope)
        return try Row.fetchAll(self, sql: sql, arguments: arguments).map { row in
            VersionMap.Host(machineID: row["machineID"], hostname: row["hostname"], applicationID: row["applicationID"],
                            applicationName: row["applicationName"], environmentID: row["environmentID"],
                            environmentName: row["environmentName"], environmentRank: row["environmentRank"], version: row["version"])
        }
    }

    /// The statement of `versionHosts`, for its query-plan test.
    static func versionHostsStatement(_ scope: StatisticsScope) -> (String, StatementArguments) {
        let conditions = scope.conditions(environmentColumn: "machine.environmentID")
        let sql = """
            SELECT machine.id AS machineID, machine.hostname, application.id AS applicationID, application.name AS applicationName,
                environment.id AS environmentID, environment.name AS environmentName, environment.rank AS environmentRank,
                (SELECT json_extract(job.spec, '$.version') FROM job JOIN release ON release.id = job.releaseID
                 WHERE job.machineID = machine.id AND job.state = 'succeeded' AND release.applicationID = application.id
                 ORDER BY job.id DESC LIMIT 1) AS version
            FROM application
            JOIN machine ON machine.groupID = application.groupID AND machine.state = 'active'
            JOIN environment ON environment.id = machine.environmentID
            WHERE 1\(conditions.sql)
            """
        return (sql, conditions.arguments)
    }

    /// The version of the newest succeeded release of each application in each environment named.
    public func expectedVersions(_ keys: Set<VersionMap.Key>) throws -> [VersionMap.Key: String] {
        var versions: [VersionMap.Key: String] = [:]
        for key in keys {
            versions[key] = try String.fetchOne(prepared("SELECT version FROM release WHERE applicationID = ? AND environmentID = ? AND state = 'succeeded' ORDER BY id DESC LIMIT 1"),
                arguments: [key.applicationID, key.environmentID])
        }
        return versions
    }
}
