import Core
import Foundation
import Storage

/// Enrollment tokens of a group, shared by the API and the pages; every call needs `manage` in the
/// token's group. The plain token exists only in `create`'s answer: the store keeps its hash, and
/// the audit row records the token's id, never its text.
struct EnrollmentTokenOperations: Sendable {
    let store: Store
    let now: @Sendable () -> Date

    func list(groupID: Int64, caller: Caller) async throws -> [EnrollmentToken] {
        try Self.requireManage(groupID, caller)
        return try await store.read { db in
            _ = try db.group(id: groupID)
            return try db.enrollmentTokens(groupID: groupID)
        }
    }

    func create(_ draft: EnrollmentTokenDraft, caller: Caller) async throws -> (enrollmentToken: EnrollmentToken, token: Token) {
        try Self.requireManage(draft.groupID, caller)
        let now = now()
        return try await store.write { db in
            let created = try db.createEnrollmentToken(draft, now: now)
            try db.appendAudit(caller.auditEntry(at: now, action: "enrollmentToken.create", targetType: "enrollmentToken", targetID: String(created.enrollmentToken.id), detail: [
                "groupID": .int(draft.groupID), "environmentID": .int(draft.environmentID), "uses": .int(Int64(draft.uses)),
                "expiresAt": .string(RFC3339.string(draft.expiresAt)),
            ]))
            return created
        }
    }

    /// Deletes a token, so no host can enroll with it any more; returns what it was.
    @discardableResult
    func revoke(_ id: Int64, caller: Caller) async throws -> EnrollmentToken {
        let now = now()
        return try await store.write { db in
            let token = try db.enrollmentToken(id: id)
            try caller.principal.require(.manage, in: token.groupID,
                                         orNotFound: AppError(.notFound, "no enrollment token with id \(id)"))
            try db.revokeEnrollmentToken(id: id)
            try db.appendAudit(caller.auditEntry(at: now, action: "enrollmentToken.revoke", targetType: "enrollmentToken", targetID: String(id),
                                                 detail: ["groupID": .int(token.groupID)]))
            return token
        }
    }

    private static func requireManage(_ groupID: Int64, _ caller: Caller) throws(AppError) {
        try caller.principal.require(.manage, in: groupID, orNotFound: AppError(.notFound, "no group with id \(groupID)"))
    }
}
