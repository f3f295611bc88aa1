import Core
import Foundation
import Storage

/// What administrators do to accounts, shared by the users API and pages: every change checks
/// `administer`, and is audited in the same write transaction as the change itself.
struct UserAdmin: Sendable {
    /// A partial edit; nil fields stay as they are. Logins do not change: audit rows name them.
    struct Change: Sendable {
        var name: String?
        var isAdmin: Bool?
        var isAuditor: Bool?
        var isDisabled: Bool?
    }

    let store: Store
    let access: AccessSettings

    func users(by caller: Caller) async throws -> [User] {
        try caller.principal.require(.administer)
        return try await store.read { db in try db.users() }
    }

    func user(id: Int64, by caller: Caller) async throws -> (User, [Membership]) {
        try caller.principal.require(.administer)
        return try await store.read { db in (try db.user(id: id), try db.memberships(userID: id)) }
    }

    /// Creates an account; `password` nil makes a token-only account (no sign-in).
    func create(_ draft: UserDraft, password: String?, by caller: Caller) async throws -> User {
        try caller.principal.require(.administer)
        try draft.validate()
        if let password { try Validation.password(password) }
        let passwordHash: String? = if let password { await access.hash(password) } else { nil }
        let now = access.now()
        return try await store.write { db in
            let user = try db.createUser(draft, passwordHash: passwordHash, now: now)
            try db.appendAudit(caller.auditEntry(
                at: now, action: "user.create", targetType: "user", targetID: String(user.id),
                detail: ["login": .string(user.login), "isAdmin": .bool(user.isAdmin), "isAuditor": .bool(user.isAuditor),
                         "hasPassword": .bool(password != nil)]))
            return user
        }
    }

    func update(id: Int64, _ change: Change, by caller: Caller) async throws -> User {
        try caller.principal.require(.administer)
        if id == caller.user.id, change.isAdmin == false || change.isDisabled == true {
            throw AppError(.conflict, "you cannot remove your own admin rights or disable yourself",
                           field: change.isAdmin == false ? "isAdmin" : "disabled")
        }
        if let name = change.name { try Validation.displayName(name) }
        let now = access.now()
        return try await store.write { db in
            let old = try db.user(id: id)
            var draft = UserDraft(login: old.login, name: old.name, isAdmin: old.isAdmin, isAuditor: old.isAuditor)
            draft.name = change.name ?? draft.name
            draft.isAdmin = change.isAdmin ?? draft.isAdmin
            draft.isAuditor = change.isAuditor ?? draft.isAuditor
            var user = try db.updateUser(id: id, draft)
            if let isDisabled = change.isDisabled, isDisabled != old.isDisabled {
                user = isDisabled ? try db.disableUser(id: id, now: now) : try db.enableUser(id: id)
            }
            try db.appendAudit(caller.auditEntry(
                at: now, action: "user.update", targetType: "user", targetID: String(id),
                detail: Self.differences(old, user)))
            return user
        }
    }

    func setRole(_ role: Role, userID: Int64, groupID: Int64, by caller: Caller) async throws {
        try caller.principal.require(.administer)
        let now = access.now()
        try await store.write { db in
            try db.setMembership(Membership(userID: userID, groupID: groupID, role: role))
            try db.appendAudit(caller.auditEntry(
                at: now, action: "membership.set", targetType: "user", targetID: String(userID),
                detail: ["groupID": .string(String(groupID)), "role": .string(role.rawValue)]))
        }
    }

    func removeRole(userID: Int64, groupID: Int64, by caller: Caller) async throws {
        try caller.principal.require(.administer)
        let now = access.now()
        try await store.write { db in
            try db.removeMembership(userID: userID, groupID: groupID)
            try db.appendAudit(caller.auditEntry(
                at: now, action: "membership.remove", targetType: "user", targetID: String(userID),
                detail: ["groupID": .string(String(groupID))]))
        }
    }

    /// The fields that changed, as `{"name": {"from": …, "to": …}}`, for the audit detail.
    static func differences(_ old: User, _ new: User) -> [String: JSONValue] {
        var detail: [String: JSONValue] = [:]
        func note(_ key: String, _ from: JSONValue, _ to: JSONValue) {
            if from != to { detail[key] = ["from": from, "to": to] }
        }
        note("name", .string(old.name), .string(new.name))
        note("isAdmin", .bool(old.isAdmin), .bool(new.isAdmin))
        note("isAuditor", .bool(old.isAuditor), .bool(new.isAuditor))
        note("disabled", .bool(old.isDisabled), .bool(new.isDisabled))
        return detail
    }
}
