import Core
import Foundation
import GRDB
import Testing
@testable import Storage

struct UserStorageTests {
    let store: Store
    let now = Date(millisecondsSince1970: 1_700_000_000_000)
    init() throws { store = try .temporary() }

    @Test("creates, finds, edits and lists users; a taken login is a conflict regardless of case")
    func crud() throws {
        try store.write { db in
            let alice = try db.createUser(UserDraft(login: "alice", name: "Alice"), passwordHash: "h", now: now)
            #expect(try db.user(id: alice.id) == alice)
            #expect(try db.user(login: "ALICE")?.id == alice.id)
            #expect(alice.createdAt == now && !alice.isAdmin)
            #expect(throws: AppError(.conflict, "a user with login alice already exists", field: "login")) {
                try db.createUser(UserDraft(login: "alice"), passwordHash: nil, now: now)
            }
            let bob = try db.createUser(UserDraft(login: "bob"), passwordHash: nil, now: now)
            #expect(try db.updateUser(id: bob.id, UserDraft(login: "bob", name: "Bob", isAuditor: true)).isAuditor)
            #expect(throws: AppError.self) { try db.updateUser(id: bob.id, UserDraft(login: "alice")) }
            #expect(try db.users().map(\.login) == ["alice", "bob"])
            #expect(throws: AppError(.notFound, "no user with id 99")) { try db.user(id: 99) }
            #expect(throws: AppError.self) { try db.createUser(UserDraft(login: "Bad Login"), passwordHash: nil, now: now) }
        }
    }

    @Test("sets the password hash; disabling ends sessions, enabling restores the account")
    func passwordAndDisable() throws {
        try store.write { db in
            let user = try db.createUser(UserDraft(login: "alice"), passwordHash: nil, now: now)
            #expect(try db.passwordHash(userID: user.id) == nil)
            try db.setPasswordHash("pbkdf2-sha256$1$AA$AA", userID: user.id)
            #expect(try db.passwordHash(userID: user.id) == "pbkdf2-sha256$1$AA$AA")
            _ = try db.createSession(userID: user.id, expiresAt: now.addingTimeInterval(3600))
            #expect(try db.disableUser(id: user.id, now: now).isDisabled)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM session") == 0)
            #expect(try !db.enableUser(id: user.id).isDisabled)
            #expect(throws: AppError.self) { try db.disableUser(id: 99, now: now) }
        }
    }

    @Test("sessions are found by token hash until they expire, and can be ended")
    func sessions() throws {
        try store.write { db in
            let user = try db.createUser(UserDraft(login: "alice"), passwordHash: nil, now: now)
            let (session, token) = try db.createSession(userID: user.id, expiresAt: now.addingTimeInterval(60))
            #expect(token.kind == .session && session.tokenHash == token.hash)
            #expect(try db.session(tokenHash: token.hash, now: now) == session)
            #expect(try db.session(tokenHash: token.hash, now: now.addingTimeInterval(60)) == nil)
            #expect(try db.deleteExpiredSessions(now: now) == 0)
            #expect(try db.deleteExpiredSessions(now: now.addingTimeInterval(61)) == 1)

            let second = try db.createSession(userID: user.id, expiresAt: now.addingTimeInterval(60))
            try db.deleteSession(tokenHash: second.token.hash)
            #expect(try db.session(tokenHash: second.token.hash, now: now) == nil)
            _ = try db.createSession(userID: user.id, expiresAt: now.addingTimeInterval(60))
            _ = try db.createSession(userID: user.id, expiresAt: now.addingTimeInterval(60))
            #expect(try db.deleteSessions(userID: user.id) == 2)
        }
    }

    @Test("the first start creates admin once, with a password that verifies")
    func firstStartAdmin() throws {
        let hasher = PasswordHasher(rounds: 1_000)
        let password = try #require(try store.createFirstAdminIfEmpty(now: now, hasher: hasher))
        #expect(try store.createFirstAdminIfEmpty(now: now, hasher: hasher) == nil)
        try store.read { db in
            let admin = try #require(try db.user(login: "admin"))
            #expect(admin.isAdmin)
            #expect(hasher.verify(password, against: try db.passwordHash(userID: admin.id)))
            #expect(try db.users().count == 1)
            #expect(try db.verifyAuditChain() == nil)
            #expect(try db.auditRecords(matching: AuditQuery()).map(\.entry.action) == ["user.create"])
        }
    }

    @Test("the first start does nothing when any user exists")
    func firstStartWithUsers() throws {
        try store.write { db in _ = try db.createUser(UserDraft(login: "ops"), passwordHash: nil, now: now) }
        #expect(try store.createFirstAdminIfEmpty(now: now, hasher: PasswordHasher(rounds: 1_000)) == nil)
        #expect(try store.read { db in try db.user(login: "admin") } == nil)
    }

    @Test("sign-in failures lock a login after five, and clearing forgets them")
    func signInFailures() throws {
        try store.write { db in
            for second in 0..<4 {
                try db.recordSignInFailure(login: "Alice", remoteAddress: "10.0.0.1", at: now.addingTimeInterval(Double(second)))
            }
            let later = now.addingTimeInterval(10)
            #expect(try db.signInDecision(login: "alice", remoteAddress: "10.0.0.2", now: later) == .allowed)
            try db.recordSignInFailure(login: "alice", remoteAddress: "10.0.0.1", at: now.addingTimeInterval(5))
            #expect(try db.signInDecision(login: "alice", remoteAddress: "10.0.0.2", now: later)
                == .lockedUntil(now.addingTimeInterval(5 + 15 * 60)))
            try db.clearSignInFailures(login: "ALICE")
            #expect(try db.signInDecision(login: "alice", remoteAddress: "10.0.0.2", now: later) == .allowed)
            #expect(try db.pruneSignInFailures(now: now.addingTimeInterval(3600)) == 0)
        }
    }
}
