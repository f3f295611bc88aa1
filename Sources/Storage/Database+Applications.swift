import Core
import GRDB

extension Application {
    init(row: Row) throws {
        let healthCheck: HealthCheck? = (row["healthCheck"] as String?) == nil ? nil : try row.json("healthCheck")
        self.init(id: row["id"], ApplicationDraft(
            name: row["name"], groupID: row["groupID"], runAs: row["runAs"], installRoot: row["installRoot"],
            startCommand: row["startCommand"], stopCommand: row["stopCommand"], healthCheck: healthCheck,
            keepReleases: row["keepReleases"], defaultStrategy: try row.json("defaultStrategy")))
    }
}

/// One page of applications by name; `nextCursor` is the last name on it, nil on the last page.
public struct ApplicationPage: Sendable, Equatable {
    public var applications: [Application]
    public var nextCursor: String?
}

extension Database {
    public func createApplication(_ draft: ApplicationDraft) throws -> Application {
        try checkApplicationDraft(draft)
        try mappingUniqueViolations([("application.name", Self.applicationNameTaken(draft.name))]) {
            try prepared("""
                    INSERT INTO application (groupID, name, runAs, installRoot, startCommand, stopCommand, healthCheck,
                        keepReleases, defaultStrategy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: try Self.arguments(draft))
        }
        return try application(id: lastInsertedRowID)
    }

    public func application(id: Int64) throws -> Application {
        try Application(row: row(in: "application", id: id, noun: "application"))
    }

    /// The application with this exact name; `AppError(.notFound)` when there is none.
    public func application(named name: String) throws -> Application {
        guard let row = try Row.fetchOne(prepared("SELECT * FROM application WHERE name = ?"), arguments: [name]) else {
            throw Self.noApplication(named: name)
        }
        return try Application(row: row)
    }

    /// Applications by name, after the name `cursor` when given, within `groupIDs` unless nil.
    public func applications(inGroups groupIDs: Set<Int64>?, after cursor: String? = nil, limit: Int = 100) throws -> ApplicationPage {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let groupIDs {
            conditions.append("groupID IN (\(Array(repeating: "?", count: groupIDs.count).joined(separator: ",")))")
            _ = arguments.append(contentsOf: StatementArguments(groupIDs.sorted()))
        }
        if let cursor {
            conditions.append("name > ?")
            _ = arguments.append(contentsOf: [cursor])
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        _ = arguments.append(contentsOf: [limit + 1])
        var rows = try Row.fetchAll(self, sql: "SELECT * FROM application \(whereClause) ORDER BY name LIMIT ?", arguments: arguments)
            .map(Application.init(row:))
        let hasMore = rows.count > limit
        if hasMore { rows.removeLast() }
        return ApplicationPage(applications: rows, nextCursor: hasMore ? rows.last?.name : nil)
    }

    public func updateApplication(id: Int64, _ draft: ApplicationDraft) throws -> Application {
        try checkApplicationDraft(draft)
        try mappingUniqueViolations([("application.name", Self.applicationNameTaken(draft.name))]) {
            try prepared("""
                    UPDATE application SET groupID = ?, name = ?, runAs = ?, installRoot = ?, startCommand = ?,
                        stopCommand = ?, healthCheck = ?, keepReleases = ?, defaultStrategy = ? WHERE id = ?
                    """).execute(arguments: try Self.arguments(draft) + [id])
        }
        try requireChange(noun: "application", id: id)
        return try application(id: id)
    }

    /// Deletes an application; refused (409) while one of its releases is unfinished, and while it has
    /// packages or releases at all, since those stay for history.
    public func deleteApplication(id: Int64) throws {
        let application = try application(id: id)
        let unfinished = try Bool.fetchOne(prepared("SELECT EXISTS (SELECT 1 FROM release WHERE applicationID = ? AND finishedAt IS NULL)"), arguments: [id])
        if unfinished == true {
            throw AppError(.conflict, "application \(application.name) has a release in progress; wait for it to finish or abort it")
        }
        let hasHistory = AppError(.conflict, "application \(application.name) has packages or releases, which are kept for history")
        try mappingForeignKeyViolations(to: hasHistory) {
            try prepared("DELETE FROM application WHERE id = ?").execute(arguments: [id])
        }
    }

    static func noApplication(named name: String) -> AppError {
        AppError(.notFound, "no application named \(name.prefix(64))")
    }

    private static func applicationNameTaken(_ name: String) -> AppError {
        AppError(.conflict, "an application named \(name) already exists", field: "name")
    }

    private func checkApplicationDraft(_ draft: ApplicationDraft) throws {
        try draft.validate()
        try requireRow(in: "productGroup", id: draft.groupID, noun: "group", field: "groupID")
    }

    private static func arguments(_ draft: ApplicationDraft) throws -> StatementArguments {
        [draft.groupID, draft.name, draft.runAs, draft.installRoot, draft.startCommand, draft.stopCommand,
         try draft.healthCheck.map(jsonText), draft.keepReleases, try jsonText(draft.defaultStrategy)]
    }
}
