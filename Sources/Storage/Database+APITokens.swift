import Core
import Foundation
import GRDB

extension APIToken {
    init(row: Row) throws {
        let strings = try row.json("scopes", as: [String].self)
        guard let scope = TokenScope(strings: strings) else {
            // Rows are only written by createAPIToken; an unreadable scope grants nothing.
            throw AppError(.unavailable, "API token \(row["id"] as Int64) has an unreadable scope")
        }
        self.init(
            id: row["id"], userID: row["userID"], name: row["name"], scope: scope,
            expiresAt: row.optionalDate("expiresAt"), lastUsedAt: row.optionalDate("lastUsedAt"),
            createdAt: row.date("createdAt"))
    }
}

extension Database {
    /// Creates a token for `userID`; the returned `Token` is shown to the user once and never stored.
    /// Check `Principal.checkCanIssue(draft.scope)` first. A name the user already uses is a conflict.
    public func createAPIToken(
        _ draft: APITokenDraft, userID: Int64, now: Date, token: Token = .make(.api)
    ) throws -> (apiToken: APIToken, token: Token) {
        try draft.validate(now: now)
        try requireRow(in: "user", id: userID, noun: "user")
        let taken = AppError(.conflict, "you already have a token named \(draft.name)", field: "name")
        try mappingUniqueViolations([("apiToken.userID", taken)]) {
            try prepared("""
                    INSERT INTO apiToken (name, userID, tokenHash, scopes, expiresAt, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [draft.name, userID, token.hash, jsonText(draft.scope.strings),
                            draft.expiresAt?.millisecondsSince1970, now.millisecondsSince1970])
        }
        return (try apiToken(id: lastInsertedRowID), token)
    }

    public func apiToken(id: Int64) throws -> APIToken {
        try APIToken(row: row(in: "apiToken", id: id, noun: "API token"))
    }

    /// The token with this hash (`Token.hash(_:)` of what the client sent); nil when unknown or expired.
    public func apiToken(hash: String, now: Date) throws -> APIToken? {
        let row = try Row.fetchOne(prepared("SELECT * FROM apiToken WHERE tokenHash = ? AND (expiresAt IS NULL OR expiresAt > ?)"),
            arguments: [hash, now.millisecondsSince1970])
        return try row.map(APIToken.init(row:))
    }

    /// A user's tokens by name; hashes are never returned.
    public func apiTokens(userID: Int64) throws -> [APIToken] {
        try Row.fetchAll(prepared("SELECT * FROM apiToken WHERE userID = ? ORDER BY name"), arguments: [userID])
            .map(APIToken.init(row:))
    }

    /// Revokes (deletes) a token; it stops working at once.
    public func revokeAPIToken(id: Int64) throws {
        try prepared("DELETE FROM apiToken WHERE id = ?").execute(arguments: [id])
        try requireChange(noun: "API token", id: id)
    }

    /// Records a use of the token.
    public func touchAPIToken(id: Int64, at now: Date) throws {
        try prepared("UPDATE apiToken SET lastUsedAt = ? WHERE id = ?").execute(arguments: [now.millisecondsSince1970, id])
        try requireChange(noun: "API token", id: id)
    }
}
