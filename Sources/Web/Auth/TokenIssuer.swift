import Core
import Foundation
import Storage

/// A user's own API tokens, shared by the tokens API and page: create (the plain token is returned
/// once), list, revoke. Nobody sees or revokes another user's tokens through these: another user's
/// token id answers 404.
struct TokenIssuer: Sendable {
    let store: Store
    let access: AccessSettings

    func tokens(of caller: Caller) async throws -> [APIToken] {
        let userID = caller.user.id
        return try await store.read { db in try db.apiTokens(userID: userID) }
    }

    /// Refuses a scope beyond the caller's own roles (403) and any token made with a token.
    func create(_ draft: APITokenDraft, by caller: Caller) async throws -> (apiToken: APIToken, token: Token) {
        let now = access.now()
        try draft.validate(now: now)
        try caller.principal.checkCanIssue(draft.scope)
        return try await store.write { db in
            let created = try db.createAPIToken(draft, userID: caller.user.id, now: now)
            var detail: [String: JSONValue] = [
                "name": .string(draft.name), "scope": .array(draft.scope.strings.map(JSONValue.string)),
            ]
            if let expiresAt = draft.expiresAt { detail["expiresAt"] = .string(RFC3339.string(expiresAt)) }
            try db.appendAudit(caller.auditEntry(
                at: now, action: "token.create", targetType: "apiToken", targetID: String(created.apiToken.id), detail: detail))
            return created
        }
    }

    func revoke(id: Int64, by caller: Caller) async throws {
        let now = access.now()
        let userID = caller.user.id
        try await store.write { db in
            let token = try db.apiToken(id: id)
            guard token.userID == userID else { throw AppError(.notFound, "no API token with id \(id)") }
            try db.revokeAPIToken(id: id)
            try db.appendAudit(caller.auditEntry(
                at: now, action: "token.revoke", targetType: "apiToken", targetID: String(id),
                detail: ["name": .string(token.name)]))
        }
    }
}
