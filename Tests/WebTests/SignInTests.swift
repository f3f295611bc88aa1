import Core
import Storage
import Testing
@testable import Web

struct SignInTests {
    let store: Store
    let clock = TestClock()

    init() throws {
        store = try .temporary()
    }

    private func user(hashedWith hasher: PasswordHasher) async throws -> User {
        let now = clock.now()
        return try await store.write { db in
            try db.createUser(UserDraft(login: "ada"), passwordHash: hasher.hash(RunningApp.password), now: now)
        }
    }

    @Test("a successful sign-in replaces a hash made with other rounds by one with the hasher's own")
    func rehashes() async throws {
        let user = try await user(hashedWith: PasswordHasher(rounds: 1_000))
        let hasher = PasswordHasher(rounds: 2_000)
        let signIn = SignIn(store: store, access: AccessSettings(now: { self.clock.now() }, hasher: hasher))
        let outcome = try await signIn.attempt(login: "ada", password: RunningApp.password, remoteAddress: "192.0.2.1")
        guard case .signedIn = outcome else { Issue.record("expected a sign-in, got \(outcome)"); return }
        let stored = try #require(try await store.read { db in try db.passwordHash(userID: user.id) })
        #expect(stored.hasPrefix("pbkdf2-sha256$2000$"))
        #expect(!hasher.needsRehash(stored))
        #expect(hasher.verify(RunningApp.password, against: stored))
    }

    @Test("a hash with the hasher's rounds, or a refused sign-in, leaves the stored hash alone")
    func keepsHash() async throws {
        let hasher = PasswordHasher(rounds: 1_000)
        let user = try await user(hashedWith: hasher)
        let before = try await store.read { db in try db.passwordHash(userID: user.id) }
        let signIn = SignIn(store: store, access: AccessSettings(now: { self.clock.now() }, hasher: hasher))
        _ = try await signIn.attempt(login: "ada", password: RunningApp.password, remoteAddress: "192.0.2.1")
        let other = SignIn(store: store, access: AccessSettings(now: { self.clock.now() }, hasher: PasswordHasher(rounds: 2_000)))
        _ = try await other.attempt(login: "ada", password: "wrong", remoteAddress: "192.0.2.1")
        #expect(try await store.read { db in try db.passwordHash(userID: user.id) } == before)
    }
}
