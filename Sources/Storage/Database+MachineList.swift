import Core
import Foundation
import GRDB

extension Database {
    /// One page of the machine list: filtered, sorted, and continued from `query.cursor` by keyset
    /// (`(sortKey, id)` past the cursor), so every machine appears exactly once across pages even
    /// while others are added, and no page costs more than its own rows plus the filter.
    public func machines(matching query: MachineQuery) throws -> MachinePage {
        guard let (sql, arguments) = try machineListStatement(query) else {
            return MachinePage(machines: [], nextCursor: nil)
        }
        var machines = try Row.fetchAll(self, sql: sql, arguments: arguments).map(Machine.init(row:))
        guard machines.count > query.limit else { return MachinePage(machines: machines, nextCursor: nil) }
        machines.removeLast()
        return MachinePage(machines: machines, nextCursor: MachineCursor(after: machines.last!, sort: query.sort))
    }

    /// How many machines match the query's filters (its sort, limit and cursor aside), and how many
    /// of those are online at `query.now`: one aggregate statement over the same WHERE clause as the
    /// list, so a page can show totals for 10,000 hosts without loading them.
    public func machineCounts(matching query: MachineQuery) throws -> (total: Int, online: Int) {
        guard let (conditions, arguments) = try machineFilter(query) else { return (0, 0) }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let since = query.now.addingTimeInterval(-query.offlineAfter).millisecondsSince1970
        let sql = "SELECT count(*) AS total, ifnull(sum(lastSeenAt >= ?), 0) AS online FROM machine \(whereClause)"
        let row = try Row.fetchOne(self, sql: sql, arguments: StatementArguments([since]) + arguments)!
        return (row["total"], row["online"])
    }

    /// The page's SQL (one row more than the limit, to know whether another page follows); nil when
    /// the group filter leaves nothing to see.
    func machineListStatement(_ query: MachineQuery) throws -> (String, StatementArguments)? {
        guard var (conditions, arguments) = try machineFilter(query) else { return nil }
        let sortKey = Self.sortExpression(query.sort.field)
        let direction = query.sort.isDescending ? "DESC" : "ASC"
        if let cursor = query.cursor {
            guard cursor.sort == query.sort else {
                throw AppError(.invalid, "cursor belongs to another sort order", field: "cursor")
            }
            conditions.append("(\(sortKey), id) \(query.sort.isDescending ? "<" : ">") (?, ?)")
            _ = arguments.append(contentsOf: [Self.databaseValue(cursor.key), cursor.id])
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        _ = arguments.append(contentsOf: [query.limit + 1])
        return ("SELECT * FROM machine \(whereClause) ORDER BY \(sortKey) \(direction), id \(direction) LIMIT ?", arguments)
    }

    /// The WHERE conditions of the query's filters and group visibility, with their arguments; nil
    /// when the group filter leaves nothing to see.
    private func machineFilter(_ query: MachineQuery) throws -> (conditions: [String], arguments: StatementArguments)? {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let groupIDs = try groupFilter(query) {
            guard !groupIDs.isEmpty else { return nil }
            conditions.append("groupID IN (\(databaseQuestionMarks(count: groupIDs.count)))")
            _ = arguments.append(contentsOf: StatementArguments(groupIDs.sorted()))
        }
        try addFilters(query, to: &conditions, &arguments)
        return (conditions, arguments)
    }

    /// The group ids to restrict to: the requested groups (with subgroups when asked) within the
    /// visible ones; nil when neither restricts.
    private func groupFilter(_ query: MachineQuery) throws -> Set<Int64>? {
        var requested = query.groupIDs
        if let groupIDs = requested, query.includeSubgroups {
            requested = try groupTree().expanding(groupIDs)
        }
        switch (requested, query.visibleGroupIDs) {
        case (nil, nil): return nil
        case (let requested?, nil): return requested
        case (nil, let visible?): return visible
        case (let requested?, let visible?): return requested.intersection(visible)
        }
    }

    private func addFilters(_ query: MachineQuery, to conditions: inout [String], _ arguments: inout StatementArguments) throws {
        func add(_ condition: String, _ values: [(any DatabaseValueConvertible)?]) {
            conditions.append(condition)
            _ = arguments.append(contentsOf: StatementArguments(values))
        }
        if let environmentID = query.environmentID { add("environmentID = ?", [environmentID]) }
        if let datacenter = query.datacenter { add("datacenter = ?", [datacenter]) }
        if let state = query.state { add("state = ?", [state.rawValue]) }
        if let isOnline = query.isOnline {
            let since = query.now.addingTimeInterval(-query.offlineAfter).millisecondsSince1970
            add(isOnline ? "lastSeenAt >= ?" : "(lastSeenAt IS NULL OR lastSeenAt < ?)", [since])
        }
        if let key = query.labelKey {
            try Validation.labelKey(key, field: "label")
            let path = "$.\"\(key)\""
            if let value = query.labelValue {
                add("json_extract(labels, ?) = ?", [path, value])
            } else {
                add("json_type(labels, ?) IS NOT NULL", [path])
            }
        }
        if let text = query.text, !text.isEmpty {
            try Validation.text(text, field: "q", maxLength: 253)
            let pattern = "%" + Self.escapeLike(text) + "%"
            add("(hostname LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\')", [pattern, pattern])
        }
    }

    /// The SQL for a sort field; each matches an index of migrations/0002 exactly.
    private static func sortExpression(_ field: MachineSort.Field) -> String {
        switch field {
        case .hostname: "hostname"
        case .datacenter: "datacenter"
        case .lastSeenAt: "ifnull(lastSeenAt, 0)"
        case .createdAt: "createdAt"
        }
    }

    private static func databaseValue(_ key: JSONValue) -> (any DatabaseValueConvertible)? {
        switch key {
        case .string(let value): value
        case .int(let value): value
        default: nil
        }
    }

    private static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
