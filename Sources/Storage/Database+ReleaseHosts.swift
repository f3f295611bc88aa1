import Core
import Foundation
import GRDB

/// One host of a release as pages and the API list them: its current job and machine.
public struct ReleaseHost: Sendable, Equatable {
    public let job: Job
    public let hostname: String
    public let datacenter: String
}

/// Which releases a list shows, newest first, and where a page starts.
public struct ReleaseQuery: Sendable, Equatable {
    /// Only these groups (what the caller may view); nil: all.
    public var groupIDs: [Int64]?
    public var applicationID: Int64?
    public var environmentID: Int64?
    public var states: [Release.State] = []
    /// Releases with ids below this one (the cursor).
    public var before: Int64?
    public var limit = 50

    public init(groupIDs: [Int64]? = nil, applicationID: Int64? = nil, environmentID: Int64? = nil, states: [Release.State] = [],
                before: Int64? = nil, limit: Int = 50) {
        self.groupIDs = groupIDs
        self.applicationID = applicationID
        self.environmentID = environmentID
        self.states = states
        self.before = before
        self.limit = limit
    }
}

extension Database {
    /// Releases matching the query, newest first, with one more than `limit` when more follow.
    public func releases(matching query: ReleaseQuery) throws -> [Release] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let groups = query.groupIDs {
            conditions.append("application.groupID IN (\(groups.isEmpty ? "NULL" : groups.map(String.init).joined(separator: ",")))")
        }
        if let id = query.applicationID { conditions.append("release.applicationID = ?"); arguments.append(id) }
        if let id = query.environmentID { conditions.append("release.environmentID = ?"); arguments.append(id) }
        if !query.states.isEmpty {
            conditions.append("release.state IN (\(query.states.map { "'\($0.rawValue)'" }.joined(separator: ",")))")
        }
        if let before = query.before { conditions.append("release.id < ?"); arguments.append(before) }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(query.limit + 1)
        return try Row.fetchAll(self, sql: "\(Self.releaseSelect) \(filter) ORDER BY release.id DESC LIMIT ?",
                                arguments: StatementArguments(arguments)).map(Release.init(row:))
    }

    /// A page of a release's hosts (current jobs): failures first, then running, then the rest in
    /// batch order; `state` narrows to one job state.
    public func releaseHosts(releaseID: Int64, phase: Job.Phase? = nil, state: Job.State? = nil, offset: Int = 0,
                             limit: Int = 50) throws -> [ReleaseHost] {
        try Row.fetchAll(prepared("""
                SELECT job.*, machine.hostname, machine.datacenter FROM job JOIN machine ON machine.id = job.machineID
                WHERE job.releaseID = ?1 AND job.isCurrent = 1 AND (?2 IS NULL OR job.phase = ?2) AND (?3 IS NULL OR job.state = ?3)
                ORDER BY CASE WHEN job.state IN ('failed', 'interrupted', 'refused', 'unreachable') THEN 0
                              WHEN job.state IN ('queued', 'delivered', 'running') THEN 1 ELSE 2 END,
                    job.phase DESC, job.batch, job.id
                LIMIT ?4 OFFSET ?5
                """),
            arguments: [releaseID, phase?.rawValue, state?.rawValue, limit, offset]
        ).map { ReleaseHost(job: try Job(row: $0), hostname: $0["hostname"], datacenter: $0["datacenter"]) }
    }

    /// The environments where the group has an active machine (where the promotion gate looks).
    public func environmentIDsWithTargets(groupID: Int64) throws -> Set<Int64> {
        Set(try Int64.fetchAll(prepared("SELECT DISTINCT environmentID FROM machine WHERE groupID = ? AND state = 'active'"),
                               arguments: [groupID]))
    }

    /// The active machines of a group in an environment, release targets, in id order.
    public func releaseTargets(groupID: Int64, environmentID: Int64) throws -> [Machine] {
        try Row.fetchAll(prepared("SELECT * FROM machine WHERE groupID = ? AND environmentID = ? AND state = 'active' ORDER BY id"),
            arguments: [groupID, environmentID]
        ).map(Machine.init(row:))
    }
}
