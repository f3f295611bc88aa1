import Core
import Foundation
import GRDB

extension Store {
    /// On an empty user table, creates the `admin` account with a random password and returns that
    /// password for the caller to log once; returns nil (and changes nothing) when any user exists.
    ///
    /// Hashes outside the write transaction (the KDF is slow), then re-checks inside it, so two
    /// servers starting at once cannot both create an admin. Blocking: call it at startup, before
    /// serving, or from the CLI. The creation is recorded in the audit log as done by `system`.
    public func createFirstAdminIfEmpty(now: Date, hasher: PasswordHasher = PasswordHasher()) throws -> String? {
        guard try read({ db in try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM user)")! }) else { return nil }
        let password = PasswordHasher.makePassword()
        let passwordHash = hasher.hash(password)
        return try write { db in
            guard try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM user)")! else { return nil }
            let admin = try db.createUser(
                UserDraft(login: "admin", name: "Administrator", isAdmin: true), passwordHash: passwordHash, now: now)
            try db.appendAudit(AuditEntry(
                at: now, actor: "system", action: "user.create", targetType: "user", targetID: String(admin.id),
                detail: ["login": "admin", "isAdmin": true, "reason": "first start"]))
            return password
        }
    }
}
