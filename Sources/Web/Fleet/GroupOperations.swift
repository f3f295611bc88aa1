import Core
import Foundation
import Storage

/// Every read and change of product groups that the API and the pages share.
///
/// The tree is the admins' to shape at the top: a top-level group needs `administer` to create,
/// move to or delete; a subgroup needs `manage` in its parent. Renaming needs `manage` in the group.
/// A group the caller cannot see answers exactly like one that does not exist.
struct GroupOperations: Sendable {
    let store: Store
    let now: @Sendable () -> Date

    /// The groups the caller can see, by name.
    func list(caller: Caller) async throws -> [ProductGroup] {
        let groups = try await store.read { db in try db.groups() }
        return groups.filter { caller.principal.role(in: $0.id) != nil }
    }

    func group(_ id: Int64, caller: Caller) async throws -> ProductGroup {
        try Self.requireVisible(id, caller)
        return try await store.read { db in try db.group(id: id) }
    }

    /// The direct members of a group with their logins.
    func members(_ id: Int64, caller: Caller) async throws -> [(membership: Membership, user: User)] {
        try Self.requireVisible(id, caller)
        return try await store.read { db in
            try db.memberships(groupID: id).map { ($0, try db.user(id: $0.userID)) }
        }
    }

    func create(_ draft: GroupDraft, caller: Caller) async throws -> ProductGroup {
        try Self.requirePlacing(under: draft.parentID, caller)
        let now = now()
        return try await store.write { db in
            let group = try db.createGroup(draft)
            try db.appendAudit(caller.auditEntry(at: now, action: "group.create", targetType: "group", targetID: String(group.id), detail: Self.detail(group)))
            return group
        }
    }

    /// Renames, re-describes or moves a group; `edit` changes the current fields.
    func update(_ id: Int64, caller: Caller, _ edit: @escaping @Sendable (inout GroupDraft) -> Void) async throws -> ProductGroup {
        try Self.requireVisible(id, caller)
        try caller.principal.require(.manage, in: id)
        let now = now()
        return try await store.write { db in
            let current = try db.group(id: id)
            var draft = GroupDraft(name: current.name, parentID: current.parentID, description: current.description)
            edit(&draft)
            if draft.parentID != current.parentID {
                try Self.requirePlacing(under: draft.parentID, caller)
            }
            let group = try db.updateGroup(id: id, draft)
            try db.appendAudit(caller.auditEntry(at: now, action: "group.update", targetType: "group", targetID: String(id), detail: Self.detail(group)))
            return group
        }
    }

    /// Deletes an empty group (409 while it holds machines, applications or subgroups).
    func delete(_ id: Int64, caller: Caller) async throws {
        try Self.requireVisible(id, caller)
        let now = now()
        try await store.write { db in
            let group = try db.group(id: id)
            try Self.requirePlacing(under: group.parentID, caller)
            try db.deleteGroup(id: id)
            try db.appendAudit(caller.auditEntry(at: now, action: "group.delete", targetType: "group", targetID: String(id), detail: ["name": .string(group.name)]))
        }
    }

    private static func requireVisible(_ id: Int64, _ caller: Caller) throws(AppError) {
        try caller.principal.require(.view, in: id, orNotFound: AppError(.notFound, "no group with id \(id)"))
    }

    /// Creating, moving or deleting a group at `parentID` (nil: the top level).
    private static func requirePlacing(under parentID: Int64?, _ caller: Caller) throws(AppError) {
        guard let parentID else { return try caller.principal.require(.administer) }
        try caller.principal.require(.manage, in: parentID,
                                     orNotFound: AppError(.notFound, "no group with id \(parentID)", field: "parentID"))
    }

    private static func detail(_ group: ProductGroup) -> [String: JSONValue] {
        ["name": .string(group.name), "parentID": group.parentID.map(JSONValue.int) ?? .null]
    }
}
