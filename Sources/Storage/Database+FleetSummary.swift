import Core
import Foundation
import GRDB

/// One cell of the dashboard's fleet table: the machines of one group in one environment that are
/// not disabled, and how many of them are online.
public struct FleetCell: Sendable, Equatable {
    public var groupID: Int64
    public var groupName: String
    public var environmentID: Int64
    public var environmentName: String
    public var total: Int
    public var online: Int
    public var offline: Int { total - online }
}

extension Database {
    /// The machines of the visible groups (nil: all) counted per group and environment in one
    /// aggregate over `machineByGroup`, online meaning seen since `now - offlineAfter`. Groups are in
    /// name order, environments by rank; disabled machines are left out, pending ones count (an
    /// enrolled host that nobody activated yet is offline to whoever looks for it).
    public func fleetSummary(visibleGroupIDs: Set<Int64>?, now: Date, offlineAfter: TimeInterval) throws -> [FleetCell] {
        if let visible = visibleGroupIDs, visible.isEmpty { return [] }
        var arguments: StatementArguments = [now.addingTimeInterval(-offlineAfter).millisecondsSince1970]
        var visibility = ""
        if let visible = visibleGroupIDs {
            visibility = "AND m.groupID IN (\(databaseQuestionMarks(count: visible.count)))"
            arguments += StatementArguments(visible.sorted())
        }
        let sql = """
            SELECT m.groupID, g.name AS groupName, m.environmentID, e.name AS environmentName,
                   count(*) AS total, ifnull(sum(m.lastSeenAt >= ?), 0) AS online
            FROM machine m JOIN productGroup g ON g.id = m.groupID JOIN environment e ON e.id = m.environmentID
            WHERE m.state != 'disabled' \(visibility)
            GROUP BY m.groupID, m.environmentID
            ORDER BY g.name, e.rank, e.name
            """
        return try Row.fetchAll(self, sql: sql, arguments: arguments).map { row in
            FleetCell(groupID: row["groupID"], groupName: row["groupName"], environmentID: row["environmentID"],
                      environmentName: row["environmentName"], total: row["total"], online: row["online"])
        }
    }
}
