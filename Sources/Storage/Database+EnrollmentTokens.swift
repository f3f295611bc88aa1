import Core
import Foundation
import GRDB

extension EnrollmentToken {
    init(row: Row) {
        self.init(id: row["id"], groupID: row["groupID"], environmentID: row["environmentID"],
                  usesLeft: row["usesLeft"], expiresAt: row.date("expiresAt"))
    }
}

extension Database {
    /// Creates an enrollment token; the returned `Token` is shown once and never stored.
    public func createEnrollmentToken(
        _ draft: EnrollmentTokenDraft, now: Date, token: Token = .make(.enrollment)
    ) throws -> (enrollmentToken: EnrollmentToken, token: Token) {
        try draft.validate(now: now)
        try requireRow(in: "productGroup", id: draft.groupID, noun: "group", field: "groupID")
        try requireRow(in: "environment", id: draft.environmentID, noun: "environment", field: "environmentID")
        try prepared("INSERT INTO enrollmentToken (tokenHash, groupID, environmentID, usesLeft, expiresAt) VALUES (?, ?, ?, ?, ?)").execute(arguments: [token.hash, draft.groupID, draft.environmentID, draft.uses, draft.expiresAt.millisecondsSince1970])
        return (try enrollmentToken(id: lastInsertedRowID), token)
    }

    public func enrollmentToken(id: Int64) throws -> EnrollmentToken {
        try EnrollmentToken(row: row(in: "enrollmentToken", id: id, noun: "enrollment token"))
    }

    /// Uses the token once: in one statement, decrements `usesLeft` if the token exists, has uses
    /// left and has not expired at `now`. Returns the token after the use, or nil when it cannot be used.
    public func consumeEnrollmentToken(hash: String, now: Date) throws -> EnrollmentToken? {
        try Row.fetchOne(prepared("""
                UPDATE enrollmentToken SET usesLeft = usesLeft - 1
                WHERE tokenHash = ? AND usesLeft > 0 AND expiresAt > ?
                RETURNING *
                """),
            arguments: [hash, now.millisecondsSince1970]
        ).map(EnrollmentToken.init(row:))
    }

    /// A group's enrollment tokens (all groups when nil), soonest expiry first, used-up ones included.
    public func enrollmentTokens(groupID: Int64? = nil) throws -> [EnrollmentToken] {
        try Row.fetchAll(prepared("SELECT * FROM enrollmentToken WHERE ?1 IS NULL OR groupID = ?1 ORDER BY expiresAt, id"),
            arguments: [groupID]
        ).map(EnrollmentToken.init(row:))
    }

    public func revokeEnrollmentToken(id: Int64) throws {
        try prepared("DELETE FROM enrollmentToken WHERE id = ?").execute(arguments: [id])
        try requireChange(noun: "enrollment token", id: id)
    }
}
