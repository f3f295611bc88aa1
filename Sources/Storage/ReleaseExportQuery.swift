import Core
import Foundation

/// Which releases an export covers and where its next page starts: the release list's filters plus
/// a creation-time window, read oldest first in pages keyed by id.
///
/// `throughID` is fixed when the export starts, so a long export covers the releases that existed
/// then and never chases rows written while it streams.
public struct ReleaseExportQuery: Sendable, Equatable {
    /// Only these groups (what the caller may view, narrowed by a group filter); nil: all.
    public var groupIDs: [Int64]?
    public var applicationID: Int64?
    public var environmentID: Int64?
    /// Releases created at or after this time.
    public var since: Date?
    /// Releases created before this time.
    public var until: Date?
    /// Rows with keys above this one (the previous page's last id).
    public var afterID: Int64 = 0
    /// Rows with keys up to this one.
    public var throughID: Int64 = .max
    public var limit = 1000

    public init(groupIDs: [Int64]? = nil, applicationID: Int64? = nil, environmentID: Int64? = nil, since: Date? = nil,
                until: Date? = nil) {
        self.groupIDs = groupIDs
        self.applicationID = applicationID
        self.environmentID = environmentID
        self.since = since
        self.until = until
    }

    /// The conditions on `release` and `application` (joined under those names), with their arguments.
    var releaseConditions: (sql: [String], arguments: [Int64]) {
        var sql: [String] = []
        var arguments: [Int64] = []
        if let groups = groupIDs {
            sql.append("application.groupID IN (\(groups.isEmpty ? "NULL" : groups.map(String.init).joined(separator: ",")))")
        }
        if let id = applicationID { sql.append("release.applicationID = ?"); arguments.append(id) }
        if let id = environmentID { sql.append("release.environmentID = ?"); arguments.append(id) }
        if let since { sql.append("release.createdAt >= ?"); arguments.append(since.millisecondsSince1970) }
        if let until { sql.append("release.createdAt < ?"); arguments.append(until.millisecondsSince1970) }
        return (sql, arguments)
    }
}
