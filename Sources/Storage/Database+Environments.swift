import Core
import GRDB

extension Environment {
    init(row: Row) {
        self.init(id: row["id"], name: row["name"], rank: row["rank"], isProtected: row["isProtected"],
                  needsApproval: row["needsApproval"])
    }
}

extension Database {
    /// Creates an environment; a taken name or rank is `AppError(.conflict)` naming that field.
    public func createEnvironment(_ draft: EnvironmentDraft) throws -> Environment {
        try draft.validate()
        try mappingUniqueViolations(Self.environmentConflicts(draft)) {
            try prepared("INSERT INTO environment (name, rank, isProtected, needsApproval) VALUES (?, ?, ?, ?)").execute(arguments: [draft.name, draft.rank, draft.isProtected, draft.needsApproval])
        }
        return try environment(id: lastInsertedRowID)
    }

    public func environment(id: Int64) throws -> Environment {
        try Environment(row: row(in: "environment", id: id, noun: "environment"))
    }

    /// The environment with this name (any ASCII case), if there is one.
    public func environment(named name: String) throws -> Environment? {
        try Row.fetchOne(prepared("SELECT * FROM environment WHERE name = ?"), arguments: [name]).map(Environment.init(row:))
    }

    /// Every environment in promotion order (lowest rank first).
    public func environments() throws -> [Environment] {
        try Row.fetchAll(prepared("SELECT * FROM environment ORDER BY rank")).map(Environment.init(row:))
    }

    public func updateEnvironment(id: Int64, _ draft: EnvironmentDraft) throws -> Environment {
        try draft.validate()
        try mappingUniqueViolations(Self.environmentConflicts(draft)) {
            try prepared("UPDATE environment SET name = ?, rank = ?, isProtected = ?, needsApproval = ? WHERE id = ?").execute(arguments: [draft.name, draft.rank, draft.isProtected, draft.needsApproval, id])
        }
        try requireChange(noun: "environment", id: id)
        return try environment(id: id)
    }

    /// Deletes an environment nothing refers to; one with machines or releases is a conflict.
    public func deleteEnvironment(id: Int64) throws {
        try mappingForeignKeyViolations(to: AppError(.conflict, "the environment still has machines or releases")) {
            try prepared("DELETE FROM environment WHERE id = ?").execute(arguments: [id])
        }
        try requireChange(noun: "environment", id: id)
    }

    private static func environmentConflicts(_ draft: EnvironmentDraft) -> [(column: String, error: AppError)] {
        [("environment.name", AppError(.conflict, "an environment named \(draft.name) already exists", field: "name")),
         ("environment.rank", AppError(.conflict, "another environment has rank \(draft.rank)", field: "rank"))]
    }
}
