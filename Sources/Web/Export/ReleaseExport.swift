import Core
import Foundation
import GRDB
import HTTP
import Storage

/// The release history export, one record per release or (`detail=hosts`) per host and job.
///
/// Filters beyond `ExportParameters`: `group` (a name or id; its subgroups included),
/// `application` and `environment` (names). Unknown or hidden names are a 422 on their field.
/// Callers see the groups they may view: admins and auditors everything, a viewer of one group
/// only that group's rows.
struct ReleaseExport: Sendable {
    static let columns = ["id", "application", "group", "version", "sha256", "environment", "requestedBy", "approvedBy", "approvedAt",
                          "createdAt", "startedAt", "finishedAt", "outcome", "hostsSucceeded", "hostsFailed", "hostsUnreachable",
                          "rolledBackBy", "rollbackOf", "overrideReason", "message"]
    static let hostColumns = ["jobID", "releaseID", "application", "group", "version", "environment", "machineID", "hostname", "datacenter",
                              "phase", "batch", "attempt", "current", "action", "outcome", "queuedAt", "startedAt", "finishedAt",
                              "exitCode", "message"]
    static let pageSize = 1000

    let store: Store

    /// The query a request asks for, limited to what `principal` may view, with the filters as given.
    static func query(for request: Request, principal: Principal, _ db: Database) throws -> (ReleaseExportQuery, [String: JSONValue]) {
        let value = { (name: String) in ExportParameters.value(name, in: request) }
        var audited: [String: JSONValue] = [:]
        for name in ["group", "application", "environment"] {
            if let text = value(name) { audited[name] = .string(text) }
        }
        let (applicationID, environmentID) = try ReleaseOperations.filterIDs(
            application: value("application"), environment: value("environment"), principal: principal, db)
        var query = ReleaseExportQuery(applicationID: applicationID, environmentID: environmentID)
        var groups = principal.listableGroupIDs
        if let name = value("group") {
            let found = try db.group(named: name) ?? Int64(name).flatMap { id in try? db.group(id: id) }
            guard let found, principal.role(in: found.id) != nil else {
                throw AppError(.invalid, "no group named \(name.prefix(64))", field: "group")
            }
            let wanted = principal.tree.expanding([found.id])
            groups = groups.map { $0.intersection(wanted) } ?? wanted
        }
        query.groupIDs = groups.map { $0.sorted() }
        query.limit = pageSize
        return (query, audited)
    }

    /// Every matching release with an id up to `throughID`, oldest first.
    func releases(_ query: ReleaseExportQuery, throughID: Int64) -> ExportSource<ReleaseExportRow> {
        ExportSource(columns: Self.columns, page: page(query, throughID) { db, query in try db.releaseExportRows(matching: query) },
                     key: \.id, record: Self.record)
    }

    /// Every job of the matching releases with an id up to `throughID`, in job order.
    func hosts(_ query: ReleaseExportQuery, throughID: Int64) -> ExportSource<ReleaseHostExportRow> {
        ExportSource(columns: Self.hostColumns, page: page(query, throughID) { db, query in try db.releaseHostExportRows(matching: query) },
                     key: \.jobID, record: Self.record)
    }

    private func page<Row: Sendable>(_ query: ReleaseExportQuery, _ throughID: Int64,
                                     _ fetch: @escaping @Sendable (Database, ReleaseExportQuery) throws -> [Row]) -> @Sendable (Int64) async throws -> [Row] {
        { [store] after in
            var query = query
            query.afterID = after
            query.throughID = throughID
            let page = query
            return try await store.read { db in try fetch(db, page) }
        }
    }

    static func record(_ row: ReleaseExportRow) -> [ExportValue] {
        [.id(row.id), .text(row.application), .text(row.group), .text(row.version), .text(row.sha256), .text(row.environment),
         .text(row.requestedBy), .text(row.approvedBy), .time(row.approvedAt), .time(row.createdAt), .time(row.startedAt),
         .time(row.finishedAt), .text(row.state), .number(row.hostsSucceeded), .number(row.hostsFailed), .number(row.hostsUnreachable),
         .id(row.rolledBackBy), .id(row.rollbackOf), .text(row.overrideReason), .text(row.message)]
    }

    static func record(_ row: ReleaseHostExportRow) -> [ExportValue] {
        [.id(row.jobID), .id(row.releaseID), .text(row.application), .text(row.group), .text(row.version), .text(row.environment),
         .id(row.machineID), .text(row.hostname), .text(row.datacenter), .text(row.phase), .number(row.batch), .number(row.attempt),
         .bool(row.isCurrent), .text(row.action), .text(row.state), .time(row.queuedAt), .time(row.startedAt), .time(row.finishedAt),
         .number(row.exitCode), .text(row.message)]
    }
}
