import Core
import GRDB

extension ProductGroup {
    init(row: Row) {
        self.init(id: row["id"], name: row["name"], parentID: row["parentID"], description: row["description"])
    }
}

extension Database {
    /// Creates a group, top-level or under `draft.parentID`.
    public func createGroup(_ draft: GroupDraft) throws -> ProductGroup {
        try draft.validate()
        if let parentID = draft.parentID {
            try requireRow(in: "productGroup", id: parentID, noun: "group", field: "parentID")
        }
        try mappingUniqueViolations([("productGroup.name", Self.groupNameTaken(draft.name))]) {
            try prepared("INSERT INTO productGroup (name, parentID, description) VALUES (?, ?, ?)").execute(arguments: [draft.name, draft.parentID, draft.description])
        }
        return try group(id: lastInsertedRowID)
    }

    public func group(id: Int64) throws -> ProductGroup {
        try ProductGroup(row: row(in: "productGroup", id: id, noun: "group"))
    }

    /// The group with this name regardless of case, or nil.
    public func group(named name: String) throws -> ProductGroup? {
        try Row.fetchOne(prepared("SELECT * FROM productGroup WHERE name = ?"), arguments: [name])
            .map(ProductGroup.init(row:))
    }

    /// Every group, by name.
    public func groups() throws -> [ProductGroup] {
        try Row.fetchAll(prepared("SELECT * FROM productGroup ORDER BY name")).map(ProductGroup.init(row:))
    }

    /// The whole tree, for permissions and subgroup expansion.
    public func groupTree() throws -> GroupTree {
        try GroupTree(groups())
    }

    /// Renames, re-describes and moves a group in one step; a move that would put a group under
    /// itself or one of its subgroups is `AppError(.conflict, field: "parentID")`.
    public func updateGroup(id: Int64, _ draft: GroupDraft) throws -> ProductGroup {
        try draft.validate()
        let current = try group(id: id)
        if draft.parentID != current.parentID {
            try checkMove(id, under: draft.parentID)
        }
        try mappingUniqueViolations([("productGroup.name", Self.groupNameTaken(draft.name))]) {
            try prepared("UPDATE productGroup SET name = ?, parentID = ?, description = ? WHERE id = ?").execute(arguments: [draft.name, draft.parentID, draft.description, id])
        }
        return try group(id: id)
    }

    /// Moves a group under another (nil: to the top level).
    public func moveGroup(id: Int64, under parentID: Int64?) throws -> ProductGroup {
        let current = try group(id: id)
        return try updateGroup(id: id, GroupDraft(name: current.name, parentID: parentID, description: current.description))
    }

    /// Deletes an empty group; one that still holds machines, applications or subgroups is
    /// `AppError(.conflict)` saying what is left. Memberships and enrollment tokens go with it.
    public func deleteGroup(id: Int64) throws {
        _ = try group(id: id)
        let counts = try Row.fetchOne(prepared("""
            SELECT (SELECT count(*) FROM machine WHERE groupID = :id) AS machines,
                   (SELECT count(*) FROM application WHERE groupID = :id) AS applications,
                   (SELECT count(*) FROM productGroup WHERE parentID = :id) AS subgroups
            """), arguments: ["id": id])!
        let remaining = ["machines", "applications", "subgroups"].compactMap { noun -> String? in
            let count: Int = counts[noun]
            return count > 0 ? "\(count) \(noun)" : nil
        }
        guard remaining.isEmpty else {
            throw AppError(.conflict, "the group still holds \(remaining.joined(separator: ", "))")
        }
        try prepared("DELETE FROM productGroup WHERE id = ?").execute(arguments: [id])
    }

    private func checkMove(_ id: Int64, under parentID: Int64?) throws {
        if let parentID {
            try requireRow(in: "productGroup", id: parentID, noun: "group", field: "parentID")
        }
        guard try !groupTree().wouldCreateCycle(moving: id, under: parentID) else {
            throw AppError(.conflict, "a group cannot be moved under itself or its own subgroup", field: "parentID")
        }
    }

    private static func groupNameTaken(_ name: String) -> AppError {
        AppError(.conflict, "a group named \(name) already exists", field: "name")
    }
}
