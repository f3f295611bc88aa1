import Core
import Foundation
import Storage

/// Changing one's own password: the current one is required, and every session of the user ends.
///
/// A browser that changed its password through its session gets a fresh session in the answer
/// (the old cookie is among those ended), so it stays signed in while every other browser is out.
struct PasswordChange: Sendable {
    let store: Store
    let access: AccessSettings

    /// Returns the new session for a session caller; nil for an API-token caller.
    func change(current: String, new: String, by caller: Caller) async throws -> (session: Session, token: Token)? {
        try Validation.password(new, field: "newPassword")
        let userID = caller.user.id
        let stored = try await store.read { db in try db.passwordHash(userID: userID) }
        guard await access.verify(current, against: stored) else {
            throw AppError(.invalid, "currentPassword is not your current password", field: "currentPassword")
        }
        let newHash = await access.hash(new)
        let now = access.now()
        let isSession = if case .session = caller.credential { true } else { false }
        return try await store.write { db in
            try db.setPasswordHash(newHash, userID: userID)
            let ended = try db.deleteSessions(userID: userID)
            try db.appendAudit(caller.auditEntry(
                at: now, action: "user.changePassword", targetType: "user", targetID: String(userID),
                detail: ["sessionsEnded": .int(Int64(ended))]))
            guard isSession else { return nil }
            return try db.createSession(userID: userID, expiresAt: now.addingTimeInterval(access.sessionLifetime))
        }
    }
}
