import Core
import Foundation
import GRDB
import HTTP
import Storage

/// Turns a request's credential into a `Caller`: an API token from `Authorization: Bearer …`, else
/// the session cookie. Nil when there is no credential, or it is unknown, expired, or its user disabled.
///
/// A read transaction (token or session row, then the principal's rows) unless `CredentialCache`
/// still holds the answer. A token's `lastUsedAt` is written only when older than `touchInterval`,
/// or when the request is a write, which also appends a `token.use` audit row, in the same transaction.
struct CallerResolver: Sendable {
    let store: Store
    let access: AccessSettings
    let cache = CredentialCache()

    func caller(for request: Request) async throws -> Caller? {
        if let authorization = request.headers["Authorization"] {
            guard let token = Self.bearerToken(authorization) else { return nil }
            return try await tokenCaller(token, request: request)
        }
        guard let token = SessionCookie.token(in: request.headers) else { return nil }
        return try await sessionCaller(token, request: request)
    }

    /// The token of `Bearer <token>` (RFC 6750 §2.1; the scheme is case-insensitive).
    static func bearerToken(_ authorization: String) -> String? {
        // Plain byte work: Foundation's trimming costs more than the rest of an authenticated ping.
        let bytes = authorization.utf8
        guard bytes.count > 7, bytes.prefix(7).map({ $0 | 0x20 }).elementsEqual("bearer ".utf8) else { return nil }
        let token = bytes.dropFirst(7).drop { $0 == 0x20 || $0 == 0x09 }
        let end = token.lastIndex { $0 != 0x20 && $0 != 0x09 }
        guard let end else { return nil }
        return String(Substring(token[token.startIndex...end]))
    }

    private func sessionCaller(_ token: String, request: Request) async throws -> Caller? {
        let entry = try await cachedEntry(for: token) { db, hash, now, generation in
            guard let session = try db.session(tokenHash: hash, now: now) else { return nil }
            return CredentialCache.Entry(principal: try db.principal(userID: session.userID),
                                         credential: .session(tokenHash: session.tokenHash, csrfToken: session.csrfToken),
                                         expiresAt: session.expiresAt, lastUsedAt: nil, generation: generation, cachedAt: .now)
        }
        guard let entry, !entry.principal.user.isDisabled else { return nil }
        return Caller(principal: entry.principal, credential: entry.credential, remoteAddress: request.clientAddress)
    }

    /// The cached entry for `token`, or one read (by `read`) and cached now.
    private func cachedEntry(
        for token: String,
        read: @escaping @Sendable (Database, String, Date, UInt64) throws -> CredentialCache.Entry?
    ) async throws -> CredentialCache.Entry? {
        let now = access.now()
        let hash = Token.hash(token)
        // Read before the transaction: a write that lands meanwhile makes this entry stale at once.
        let generation = store.writeGeneration
        if let cached = cache.entry(for: hash, generation: generation, now: now) { return cached }
        guard let entry = try await store.read({ db in try read(db, hash, now, generation) }) else { return nil }
        cache.store(entry, for: hash)
        return entry
    }

    private func tokenCaller(_ token: String, request: Request) async throws -> Caller? {
        let now = access.now()
        let entry = try await cachedEntry(for: token) { db, hash, now, generation in
            guard let apiToken = try db.apiToken(hash: hash, now: now) else { return nil }
            return CredentialCache.Entry(principal: try db.principal(userID: apiToken.userID, tokenScope: apiToken.scope),
                                         credential: .apiToken(id: apiToken.id, name: apiToken.name),
                                         expiresAt: apiToken.expiresAt, lastUsedAt: apiToken.lastUsedAt,
                                         generation: generation, cachedAt: .now)
        }
        guard let entry, !entry.principal.user.isDisabled, case .apiToken(let tokenID, _) = entry.credential else { return nil }
        let caller = Caller(principal: entry.principal, credential: entry.credential, remoteAddress: request.clientAddress)
        let isWrite = !CSRFCheck.isSafe(request.method)
        let isStale = entry.lastUsedAt.map { now.timeIntervalSince($0) >= access.touchInterval } ?? true
        guard isWrite || isStale else { return caller }
        do {
            // Neither the touch nor the audit row changes a credential: other cached entries (every
            // agent's, say) stay valid, and this one learns its new `lastUsedAt`.
            try await store.write(invalidatingCredentials: false) { db in
                try db.touchAPIToken(id: tokenID, at: now)
                guard isWrite else { return }
                try db.appendAudit(caller.auditEntry(
                    at: now, action: "token.use", targetType: "apiToken", targetID: String(tokenID),
                    detail: ["method": .string(request.method.rawValue), "path": .string(request.path)]))
            }
        } catch let error as AppError where error.code == .notFound {
            return nil  // revoked between the read and the write
        }
        cache.store(entry.touched(at: now), for: Token.hash(token))
        return caller
    }
}
