import Core
import Foundation
import GRDB

/// Which releases and hosts statistics and the version map look at.
public struct StatisticsScope: Sendable, Equatable {
    /// The applications' groups; nil: every group. Empty: nothing (a caller who sees no group).
    public var groupIDs: Set<Int64>?
    public var applicationID: Int64?
    public var environmentID: Int64?

    public init(groupIDs: Set<Int64>? = nil, applicationID: Int64? = nil, environmentID: Int64? = nil) {
        self.groupIDs = groupIDs
        self.applicationID = applicationID
        self.environmentID = environmentID
    }

    /// `AND …` conditions on `application` and `release` (or `machine` for `environmentColumn`),
    /// with their arguments.
    func conditions(environmentColumn: String = "release.environmentID") -> (sql: String, arguments: StatementArguments) {
        var sql = ""
        var arguments = StatementArguments()
        if let groupIDs {
            sql += " AND application.groupID IN (\(groupIDs.map { _ in "?" }.joined(separator: ", ")))"
            arguments += StatementArguments(groupIDs.sorted())
        }
        if let applicationID {
            sql += " AND application.id = ?"
            arguments += [applicationID]
        }
        if let environmentID {
            sql += " AND \(environmentColumn) = ?"
            arguments += [environmentID]
        }
        return (sql, arguments)
    }

    var isEmpty: Bool { groupIDs?.isEmpty == true }
}

extension Database {
    /// The deploy releases of `scope` that started in `[start, end)`: one row each, with its hosts
    /// deployed counted and whether a rollback release undid it. An index range on `startedAt`
    /// (migrations/0007) plus one index lookup per release for the jobs and the rollback.
    public func releaseFacts(_ scope: StatisticsScope, startedFrom start: Date, before end: Date) throws -> [ReleaseFact] {
        try releaseFacts(scope, range: .started, start, end)
    }

    /// The deploy releases of `scope` (whose environment must be set) that finished in
    /// `[start, end)`, each with when its application next succeeded there: delivery metrics.
    public func releaseFacts(_ scope: StatisticsScope, finishedFrom start: Date, before end: Date) throws -> [ReleaseFact] {
        precondition(scope.environmentID != nil, "delivery metrics are about one environment")
        return try releaseFacts(scope, range: .finished, start, end)
    }

    /// How many jobs of the releases `releaseFacts(_:startedFrom:before:)` reads failed in each
    /// step (every attempt counts; hosts returned by a rollback do not).
    public func failingSteps(_ scope: StatisticsScope, startedFrom start: Date, before end: Date) throws -> [StepFailureCount] {
        guard !scope.isEmpty else { return [] }
        let conditions = scope.conditions()
        return try Row.fetchAll(
            self,
            sql: """
                SELECT jobStep.step, count(*) AS n
                FROM release JOIN application ON application.id = release.applicationID
                JOIN job ON job.releaseID = release.id AND job.phase = 'main'
                JOIN jobStep ON jobStep.jobID = job.id
                WHERE release.startedAt >= ? AND release.startedAt < ? AND \(Self.isDeployRelease)
                    AND jobStep.outcome IN ('failed', 'interrupted', 'refused')\(conditions.sql)
                GROUP BY jobStep.step
                """,
            arguments: [start.millisecondsSince1970, end.millisecondsSince1970] + conditions.arguments
        ).compactMap { row in JobStep(rawValue: row["step"]).map { StepFailureCount(step: $0, count: row["n"]) } }
    }

    /// Not a rollback release. The unary `+` keeps SQLite from answering it from `releaseByRollbackOf`,
    /// where nearly every release is NULL, instead of the time range's index.
    static let isDeployRelease = "+release.rollbackOf IS NULL"

    /// Which rows a fact query reads.
    enum FactRange: String {
        case started = "release.startedAt >= ? AND release.startedAt < ?"
        case finished = "release.finishedAt >= ? AND release.finishedAt < ?"
    }

    private func releaseFacts(_ scope: StatisticsScope, range: FactRange, _ start: Date, _ end: Date) throws -> [ReleaseFact] {
        guard !scope.isEmpty else { return [] }
        let (sql, arguments) = Self.releaseFactsStatement(scope, range: range, start, end)
        // A cursor read by column position: 100,000 rows by name cost twice as long.
        let rows = try Row.fetchCursor(self, sql: sql, arguments: arguments)
        var facts: [ReleaseFact] = []
        while let row = try rows.next() {
            let finishedAt = (row[5] as Int64?).map(Date.init(millisecondsSince1970:))
            facts.append(ReleaseFact(
                id: row[0], applicationID: row[1], environmentID: row[2], state: Release.State(rawValue: row[3]) ?? .failed,
                isUndone: row[7], startedAt: (row[4] as Int64?).map(Date.init(millisecondsSince1970:)) ?? finishedAt ?? .distantPast,
                finishedAt: finishedAt, hostsDeployed: row[8], packageCreatedAt: Date(millisecondsSince1970: row[6]),
                restoredAt: (row[9] as Int64?).map(Date.init(millisecondsSince1970:))))
        }
        return facts
    }

    /// The statement of `releaseFacts`, for its query-plan test; `releaseFacts` reads its columns by
    /// position. Facts of finished releases carry when their application next succeeded there.
    static func releaseFactsStatement(_ scope: StatisticsScope, range: FactRange, _ start: Date, _ end: Date) -> (String, StatementArguments) {
        let conditions = scope.conditions()
        let restoredAt = range == .finished ? """
            (SELECT min(next.finishedAt) FROM release AS next
             WHERE next.applicationID = release.applicationID AND next.environmentID = release.environmentID
                AND next.state = 'succeeded' AND next.finishedAt > release.finishedAt)
            """ : "NULL"
        let sql = """
            SELECT release.id, release.applicationID, release.environmentID, release.state, release.startedAt, release.finishedAt,
                package.createdAt AS packageCreatedAt,
                EXISTS (SELECT 1 FROM release AS undo WHERE undo.rollbackOf = release.id) AS isUndone,
                (SELECT count(*) FROM job WHERE job.releaseID = release.id AND job.isCurrent = 1 AND job.phase = 'main'
                    AND job.state = 'succeeded') AS hostsDeployed,
                \(restoredAt) AS restoredAt
            FROM release JOIN application ON application.id = release.applicationID
            JOIN package ON package.id = release.packageID
            WHERE \(range.rawValue) AND \(Self.isDeployRelease)\(conditions.sql)
            ORDER BY release.id
            """
        return (sql, [start.millisecondsSince1970, end.millisecondsSince1970] + conditions.arguments)
    }
}
