import Core
import Foundation
import Storage

/// Signing in with a login and password: the throttle, the check off the event loop, the session,
/// and an audit row for every attempt (actor: the login attempted; never the password).
///
/// Failures are recorded for `SignInThrottle` per login and per address; once locked, attempts are
/// refused before the password is checked, and still counted, so guessing through a lockout extends it.
/// A stored hash made with other parameters than the current hasher's (rounds raised since) is
/// replaced after a successful sign-in, the one moment the password is known.
struct SignIn: Sendable {
    /// What an attempt came to.
    enum Outcome: Sendable {
        case signedIn(token: Token, session: Session)
        /// Wrong login or password, or a disabled account; the page does not say which.
        case refused
        case locked(until: Date)
    }

    /// Audit actors are logins people typed; keep a hostile one from bloating the log.
    static let maxActorLength = 64

    let store: Store
    let access: AccessSettings

    func attempt(login rawLogin: String, password: String, remoteAddress: String) async throws -> Outcome {
        let login = String(rawLogin.trimmingCharacters(in: .whitespaces).lowercased().prefix(Self.maxActorLength))
        let now = access.now()
        let decision = try await store.read { db in
            try db.signInDecision(login: login, remoteAddress: remoteAddress, now: now, throttle: access.throttle)
        }
        if case .lockedUntil(let until) = decision {
            try await recordFailure(login: login, remoteAddress: remoteAddress, now: now, reason: "locked")
            return .locked(until: until)
        }
        let found = try await store.read { db -> (User, String?)? in
            guard let user = try db.user(login: login) else { return nil }
            return (user, try db.passwordHash(userID: user.id))
        }
        let matches = await access.verify(password, against: found?.1)
        guard let user = found?.0, matches, !user.isDisabled else {
            try await recordFailure(login: login, remoteAddress: remoteAddress, now: now, reason: "wrong login or password")
            return .refused
        }
        let rehash = await rehash(password, stored: found?.1)
        return try await startSession(for: user, rehash: rehash, remoteAddress: remoteAddress, now: now)
    }

    /// The stored hash and its replacement, when the hasher's parameters changed; hashed off the event loops.
    private func rehash(_ password: String, stored: String?) async -> (old: String, new: String)? {
        guard let stored, access.hasher.needsRehash(stored) else { return nil }
        return (stored, await access.hash(password))
    }

    private func startSession(for user: User, rehash: (old: String, new: String)?, remoteAddress: String, now: Date) async throws -> Outcome {
        let expiresAt = now.addingTimeInterval(access.sessionLifetime)
        let (session, token) = try await store.write { db in
            // Only over the hash that was verified: a password changed meanwhile stays changed.
            if let rehash, try db.passwordHash(userID: user.id) == rehash.old {
                try db.setPasswordHash(rehash.new, userID: user.id)
            }
            try db.clearSignInFailures(login: user.login)
            try db.appendAudit(AuditEntry(
                at: now, actor: user.login, action: "session.signIn", targetType: "user", targetID: String(user.id),
                remoteAddress: remoteAddress))
            return try db.createSession(userID: user.id, expiresAt: expiresAt)
        }
        return .signedIn(token: token, session: session)
    }

    private func recordFailure(login: String, remoteAddress: String, now: Date, reason: String) async throws {
        try await store.write { db in
            try db.recordSignInFailure(login: login, remoteAddress: remoteAddress, at: now)
            try db.appendAudit(AuditEntry(
                at: now, actor: login, action: "session.signInFailed", detail: ["reason": .string(reason)],
                remoteAddress: remoteAddress))
        }
    }
}
