import Core
import Foundation
import GRDB
import Testing
@testable import Storage

struct TokenStorageTests {
    let store: Store
    let now = Date(millisecondsSince1970: 1_700_000_000_000)
    init() throws { store = try .temporary() }

    @Test("an API token is returned once, stored hashed, found by hash until it expires, and revocable")
    func apiTokens() throws {
        try store.write { db in
            let user = try db.createUser(UserDraft(login: "ci"), passwordHash: nil, now: now)
            let scope = TokenScope(groups: .groups([3, 1]), maxRole: .deployer)
            let draft = APITokenDraft(name: "deploy", scope: scope, expiresAt: now.addingTimeInterval(3600))
            let (apiToken, token) = try db.createAPIToken(draft, userID: user.id, now: now)
            #expect(token.kind == .api && apiToken.scope == scope && apiToken.createdAt == now)
            let stored = try String.fetchAll(db, sql: "SELECT tokenHash || scopes FROM apiToken").joined()
            #expect(!stored.contains(token.text) && stored.contains(token.hash))

            #expect(try db.apiToken(hash: token.hash, now: now) == apiToken)
            #expect(try db.apiToken(hash: token.hash, now: now.addingTimeInterval(3600)) == nil)
            #expect(throws: AppError(.conflict, "you already have a token named deploy", field: "name")) {
                try db.createAPIToken(draft, userID: user.id, now: now)
            }
            try db.touchAPIToken(id: apiToken.id, at: now.addingTimeInterval(5))
            #expect(try db.apiTokens(userID: user.id).map(\.lastUsedAt) == [now.addingTimeInterval(5)])
            try db.revokeAPIToken(id: apiToken.id)
            #expect(try db.apiToken(hash: token.hash, now: now) == nil)
            #expect(throws: AppError(.notFound, "no API token with id \(apiToken.id)")) { try db.revokeAPIToken(id: apiToken.id) }
        }
    }

    @Test("a token principal carries the user's current roles narrowed by the token")
    func principalFromToken() throws {
        try store.write { db in
            let user = try db.createUser(UserDraft(login: "ci"), passwordHash: nil, now: now)
            let group = try db.createGroup(GroupDraft(name: "payments"))
            try db.setMembership(Membership(userID: user.id, groupID: group.id, role: .owner))
            let scope = TokenScope(groups: .groups([group.id]), maxRole: .owner)
            #expect(try db.principal(userID: user.id, tokenScope: scope).decide(.manage, in: group.id) == .allowed)
            try db.setMembership(Membership(userID: user.id, groupID: group.id, role: .viewer))
            #expect(try db.memberships(groupID: group.id).map(\.role) == [.viewer])
            #expect(try db.principal(userID: user.id, tokenScope: scope).decide(.deploy, in: group.id) == .forbidden)
            try db.removeMembership(userID: user.id, groupID: group.id)
            #expect(try db.principal(userID: user.id, tokenScope: scope).decide(.view, in: group.id) == .hidden)
            #expect(throws: AppError.self) { try db.removeMembership(userID: user.id, groupID: group.id) }
            #expect(throws: AppError(.notFound, "no group with id 99", field: "groupID")) {
                try db.setMembership(Membership(userID: user.id, groupID: 99, role: .viewer))
            }
        }
    }

    @Test("enrollment tokens are consumed one use at a time, until used up or expired")
    func enrollment() throws {
        try store.write { db in
            let group = try db.createGroup(GroupDraft(name: "payments"))
            let environment = try db.createEnvironment(EnvironmentDraft(name: "staging", rank: 2))
            let draft = EnrollmentTokenDraft(groupID: group.id, environmentID: environment.id, uses: 2,
                                             expiresAt: now.addingTimeInterval(600))
            let (created, token) = try db.createEnrollmentToken(draft, now: now)
            #expect(token.kind == .enrollment && created.usesLeft == 2)
            #expect(try db.consumeEnrollmentToken(hash: token.hash, now: now)?.usesLeft == 1)
            #expect(try db.consumeEnrollmentToken(hash: token.hash, now: now)?.usesLeft == 0)
            #expect(try db.consumeEnrollmentToken(hash: token.hash, now: now) == nil)

            let (expiring, second) = try db.createEnrollmentToken(draft, now: now)
            #expect(try db.consumeEnrollmentToken(hash: second.hash, now: now.addingTimeInterval(600)) == nil)
            #expect(try db.enrollmentToken(id: expiring.id).usesLeft == 2)
            #expect(try db.consumeEnrollmentToken(hash: Token.make(.enrollment).hash, now: now) == nil)
            #expect(try db.enrollmentTokens(groupID: group.id).count == 2)
            try db.revokeEnrollmentToken(id: expiring.id)
            #expect(try db.enrollmentTokens().map(\.id) == [created.id])
            #expect(throws: AppError(.notFound, "no group with id 99", field: "groupID")) {
                var bad = draft
                bad.groupID = 99
                return try db.createEnrollmentToken(bad, now: now)
            }
        }
    }
}
