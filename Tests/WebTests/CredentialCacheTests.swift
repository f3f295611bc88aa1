import Core
import Foundation
import Testing
@testable import Web

/// The credential cache answers only while nothing was written since, and never past expiry.
struct CredentialCacheTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func entry(generation: UInt64, expiresAt: Date?) -> CredentialCache.Entry {
        let user = User(id: 1, login: "ci", name: "", isAdmin: false, isAuditor: false, disabledAt: nil, createdAt: now)
        let principal = Principal(user: user, memberships: [], tree: GroupTree([]))
        return CredentialCache.Entry(principal: principal, credential: .apiToken(id: 7, name: "ci"), expiresAt: expiresAt,
                                     lastUsedAt: nil, generation: generation, cachedAt: .now)
    }

    @Test func answersWhileNothingWasWritten() {
        let cache = CredentialCache()
        cache.store(entry(generation: 4, expiresAt: nil), for: "hash")
        #expect(cache.entry(for: "hash", generation: 4, now: now)?.credential == .apiToken(id: 7, name: "ci"))
        #expect(cache.entry(for: "other", generation: 4, now: now) == nil)
    }

    @Test func anyWriteSinceInvalidates() {
        let cache = CredentialCache()
        cache.store(entry(generation: 4, expiresAt: nil), for: "hash")
        #expect(cache.entry(for: "hash", generation: 5, now: now) == nil)
    }

    @Test func expiryIsCheckedOnEveryHit() {
        let cache = CredentialCache()
        cache.store(entry(generation: 1, expiresAt: now.addingTimeInterval(60)), for: "hash")
        #expect(cache.entry(for: "hash", generation: 1, now: now) != nil)
        #expect(cache.entry(for: "hash", generation: 1, now: now.addingTimeInterval(61)) == nil)
    }

    @Test("a token revoked through the server fails on the very next request")
    func revocationAppliesAtOnce() async throws {
        try await withRunningApp { app in
            let user = try await app.makeUser("ci-user")
            let token = try await app.makeToken(for: user)
            let headers = ["Authorization": "Bearer \(token)"]
            #expect(try await app.send("GET", "/api/v1/ping", headers: headers).status == 200)
            #expect(try await app.send("GET", "/api/v1/ping", headers: headers).status == 200)  // served from the cache
            try await app.store.write { db in try db.disableUser(id: user.id, now: app.clock.now()) }
            #expect(try await app.send("GET", "/api/v1/ping", headers: headers).status == 401)
        }
    }

    @Test("using a token keeps every cached credential valid, and its own lastUsedAt current")
    func tokenUseKeepsTheCache() async throws {
        try await withRunningApp { app in
            let user = try await app.makeUser("ci-user")
            let token = try await app.makeToken(for: user)
            let headers = ["Authorization": "Bearer \(token)"]
            func lastUsed() async throws -> Date? { try await app.store.read { db in try db.apiTokens(userID: user.id) }.first?.lastUsedAt }
            let generation = app.store.writeGeneration
            #expect(try await app.send("GET", "/api/v1/ping", headers: headers).status == 200)
            let first = try #require(try await lastUsed(), "the first use is written")
            #expect(app.store.writeGeneration == generation, "a token's use changes no credential: agents' and users' cached entries stay")
            app.clock.advance(by: 30)
            #expect(try await app.send("GET", "/api/v1/ping", headers: headers).status == 200)
            #expect(try await lastUsed() == first, "within the touch interval, from the cache, nothing written")
            app.clock.advance(by: 31)
            #expect(try await app.send("GET", "/api/v1/ping", headers: headers).status == 200)
            let second = try #require(try await lastUsed())
            #expect(abs(second.timeIntervalSince(first) - 61) < 0.01, "past it, written again")
            #expect(app.store.writeGeneration == generation)
        }
    }
}
