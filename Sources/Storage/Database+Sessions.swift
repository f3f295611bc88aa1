import Core
import Foundation
import GRDB

extension Database {
    /// Starts a session; the returned token goes in the cookie and is never stored.
    public func createSession(
        userID: Int64, expiresAt: Date, token: Token = .make(.session), csrfToken: Token = .make(.csrf)
    ) throws -> (session: Session, token: Token) {
        try requireRow(in: "user", id: userID, noun: "user")
        let session = Session(tokenHash: token.hash, userID: userID, csrfToken: csrfToken.text, expiresAt: expiresAt)
        try prepared("INSERT INTO session (tokenHash, userID, csrfToken, expiresAt) VALUES (?, ?, ?, ?)").execute(arguments: [session.tokenHash, userID, session.csrfToken, expiresAt.millisecondsSince1970])
        return (session, token)
    }

    /// The live session with this token hash; nil when unknown or expired at `now`.
    public func session(tokenHash: String, now: Date) throws -> Session? {
        let row = try Row.fetchOne(prepared("SELECT * FROM session WHERE tokenHash = ? AND expiresAt > ?"),
            arguments: [tokenHash, now.millisecondsSince1970])
        return row.map { row in
            Session(tokenHash: row["tokenHash"], userID: row["userID"], csrfToken: row["csrfToken"],
                    expiresAt: row.date("expiresAt"))
        }
    }

    /// Signs out one session (no error if it is already gone).
    public func deleteSession(tokenHash: String) throws {
        try prepared("DELETE FROM session WHERE tokenHash = ?").execute(arguments: [tokenHash])
    }

    /// Removes sessions expired at `now`; returns how many. For a periodic sweep.
    @discardableResult
    public func deleteExpiredSessions(now: Date) throws -> Int {
        try prepared("DELETE FROM session WHERE expiresAt <= ?").execute(arguments: [now.millisecondsSince1970])
        return changesCount
    }

    /// Signs a user out everywhere (password change, disabling); returns how many sessions ended.
    @discardableResult
    public func deleteSessions(userID: Int64) throws -> Int {
        try prepared("DELETE FROM session WHERE userID = ?").execute(arguments: [userID])
        return changesCount
    }
}
