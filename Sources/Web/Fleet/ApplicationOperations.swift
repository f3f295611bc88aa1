import Core
import Foundation
import Storage

/// Every read and change of applications that the API and the pages share: the permission check,
/// the write and its audit row, in one transaction. Applications are addressed by name.
///
/// Reading needs `view` in the application's group, writing `manage` (in the new group too when it
/// moves). An application in a group the caller cannot see answers exactly like one that does not exist.
struct ApplicationOperations: Sendable {
    static let maxLimit = 500

    let store: Store
    let now: @Sendable () -> Date

    /// The caller's visible applications by name, `limit` at a time after the name `cursor`.
    func list(caller: Caller, after cursor: String? = nil, limit: Int = 100) async throws -> ApplicationPage {
        let groupIDs = caller.principal.listableGroupIDs
        return try await store.read { db in try db.applications(inGroups: groupIDs, after: cursor, limit: limit) }
    }

    func application(named name: String, caller: Caller) async throws -> Application {
        try await store.read { db in try Self.check(db.application(named: name), .view, caller) }
    }

    /// Creates an application; needs `manage` in its group.
    func create(_ draft: ApplicationDraft, caller: Caller) async throws -> Application {
        let now = now()
        return try await store.write { db in
            try Self.requireManage(draft.groupID, caller)
            let application = try db.createApplication(draft)
            try db.appendAudit(caller.auditEntry(at: now, action: "application.create", targetType: "application",
                                                 targetID: String(application.id), detail: Self.detail(application)))
            return application
        }
    }

    /// Edits an application: `edit` changes its current fields.
    func update(named name: String, caller: Caller,
                _ edit: @escaping @Sendable (inout ApplicationDraft) throws -> Void) async throws -> Application {
        let now = now()
        return try await store.write { db in
            let before = try Self.check(db.application(named: name), .manage, caller)
            var draft = before.draft
            try edit(&draft)
            if draft.groupID != before.groupID { try Self.requireManage(draft.groupID, caller) }
            let after = try db.updateApplication(id: before.id, draft)
            let changed = Self.changedFields(before, after)
            if !changed.isEmpty {
                var detail = Self.detail(after)
                detail["changed"] = .array(changed.map(JSONValue.string))
                try db.appendAudit(caller.auditEntry(at: now, action: "application.update", targetType: "application",
                                                     targetID: String(after.id), detail: detail))
            }
            return after
        }
    }

    /// Deletes an application with no packages or releases; needs `manage` in its group.
    func delete(named name: String, caller: Caller) async throws {
        let now = now()
        try await store.write { db in
            let application = try Self.check(db.application(named: name), .manage, caller)
            try db.deleteApplication(id: application.id)
            try db.appendAudit(caller.auditEntry(at: now, action: "application.delete", targetType: "application",
                                                 targetID: String(application.id), detail: Self.detail(application)))
        }
    }

    /// The application when the caller may do `action` to it; hidden answers as a missing one.
    private static func check(_ application: Application, _ action: Action, _ caller: Caller) throws(AppError) -> Application {
        try caller.principal.require(action, in: application.groupID,
                                     orNotFound: AppError(.notFound, "no application named \(application.name)"))
        return application
    }

    private static func requireManage(_ groupID: Int64, _ caller: Caller) throws(AppError) {
        try caller.principal.require(.manage, in: groupID,
                                     orNotFound: AppError(.notFound, "no group with id \(groupID)", field: "groupID"))
    }

    private static func detail(_ application: Application) -> [String: JSONValue] {
        ["name": .string(application.name), "groupID": .int(application.groupID)]
    }

    /// The names of the fields an edit changed, for the audit row.
    private static func changedFields(_ before: Application, _ after: Application) -> [String] {
        let fields: [(String, (Application) -> AnyHashable)] = [
            ("name", \.name), ("groupID", \.groupID), ("runAs", \.runAs), ("installRoot", \.installRoot),
            ("startCommand", \.startCommand), ("stopCommand", \.stopCommand), ("keepReleases", \.keepReleases),
        ]
        var changed = fields.filter { $0.1(before) != $0.1(after) }.map(\.0)
        if before.healthCheck != after.healthCheck { changed.append("healthCheck") }
        if before.defaultStrategy != after.defaultStrategy { changed.append("defaultStrategy") }
        return changed
    }
}
