import Core
import Foundation
import HTTP

/// Reads the machine list's query parameters, the API's and the page's alike, into a `MachineQuery`
/// limited to the groups the caller can see.
///
/// `group`, `subgroups=true`, `environment`, `datacenter`, `state`, `online=true|false`,
/// `label=key` or `label=key=value`, `q`, `sort` (`hostname`, `-lastSeenAt`…), `limit`, `cursor`.
/// An empty value counts as absent (a filter form sends every field). A bad value is
/// `AppError(.invalid)` naming the parameter; a group the caller cannot see is 404.
enum MachineListParameters {
    static let names = ["group", "subgroups", "environment", "datacenter", "state", "online", "label", "q", "sort", "limit", "cursor"]

    static func query(from request: Request, principal: Principal, now: Date, offlineAfter: TimeInterval) throws(AppError) -> MachineQuery {
        func value(_ name: String) -> String? {
            request.query(name).flatMap { $0.isEmpty ? nil : $0 }
        }
        var query = MachineQuery(visibleGroupIDs: principal.listableGroupIDs, offlineAfter: offlineAfter, now: now)
        if let group = try value("group").map({ text throws(AppError) in try id(text, "group") }) {
            try principal.require(.view, in: group, orNotFound: AppError(.notFound, "no group with id \(group)", field: "group"))
            query.groupIDs = [group]
        }
        query.includeSubgroups = try value("subgroups").map { text throws(AppError) in try flag(text, "subgroups") } ?? false
        query.environmentID = try value("environment").map { text throws(AppError) in try id(text, "environment") }
        query.datacenter = value("datacenter")
        if let text = value("state") {
            guard let state = Machine.State(rawValue: text) else {
                let names = Machine.State.allCases.map(\.rawValue).joined(separator: ", ")
                throw AppError(.invalid, "state must be one of \(names)", field: "state")
            }
            query.state = state
        }
        query.isOnline = try value("online").map { text throws(AppError) in try flag(text, "online") }
        if let label = value("label") {
            let parts = label.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            query.labelKey = String(parts[0])
            query.labelValue = parts.count > 1 ? String(parts[1]) : nil
        }
        query.text = value("q")
        if let sort = value("sort") { query.sort = try MachineSort(parsing: sort) }
        if let text = value("limit") {
            guard let limit = Int(text), (1...MachineQuery.maxLimit).contains(limit) else {
                throw AppError(.invalid, "limit must be a whole number from 1 to \(MachineQuery.maxLimit)", field: "limit")
            }
            query.limit = limit
        }
        query.cursor = try value("cursor").map { text throws(AppError) in try MachineCursor(text: text) }
        if let cursor = query.cursor, cursor.sort != query.sort {
            throw AppError(.invalid, "cursor belongs to another sort order; start again without it", field: "cursor")
        }
        return query
    }

    private static func id(_ text: String, _ field: String) throws(AppError) -> Int64 {
        guard let id = Int64(text), id > 0 else { throw AppError(.invalid, "\(field) must be an id", field: field) }
        return id
    }

    private static func flag(_ text: String, _ field: String) throws(AppError) -> Bool {
        switch text {
        case "true": return true
        case "false": return false
        default: throw AppError(.invalid, "\(field) must be true or false", field: field)
        }
    }
}
