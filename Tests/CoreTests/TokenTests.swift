import Foundation
import Testing
import Core

/// A deterministic generator (SplitMix64), so tests can make known tokens.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct TokenTests {
    @Test("tokens carry a prefix for their kind and 43 URL-safe characters", arguments: Token.Kind.allCases)
    func format(_ kind: Token.Kind) {
        let token = Token.make(kind)
        #expect(token.text.hasPrefix(kind.rawValue + "_"))
        #expect(token.text.count == 4 + 43)
        let urlSafe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        #expect(token.text.dropFirst(4).allSatisfy(urlSafe.contains))
        #expect(token.kind == kind)
    }

    @Test("prefixes are cap, cse and cen for API, session and enrollment tokens")
    func prefixes() {
        #expect([Token.Kind.api, .session, .enrollment].map(\.rawValue) == ["cap", "cse", "cen"])
        #expect(Token(text: "cap_short").kind == nil)
        #expect(Token(text: "xyz_" + String(repeating: "a", count: 43)).kind == nil)
    }

    @Test("the same seed gives the same token; fresh tokens differ")
    func randomness() {
        var first = SeededGenerator(state: 1)
        var second = SeededGenerator(state: 1)
        #expect(Token.make(.api, using: &first) == Token.make(.api, using: &second))
        #expect(Token.make(.api) != Token.make(.api))
    }

    @Test("the hash is the hex SHA-256 of the text")
    func hash() {
        // echo -n abc | sha256sum
        #expect(Token.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let token = Token.make(.session)
        #expect(token.hash == Token.hash(token.text) && token.hash.count == 64)
    }

    @Test("printing a token does not reveal it")
    func redacted() {
        let token = Token.make(.api)
        #expect("\(token)" == "cap_…")
    }

    @Test("token scopes round-trip through their stored form")
    func scopeStrings() {
        let some = TokenScope(groups: .groups([7, 3]), maxRole: .deployer)
        #expect(some.strings == ["role:deployer", "group:3", "group:7"])
        #expect(TokenScope(strings: some.strings) == some)
        let all = TokenScope(groups: .all, maxRole: .viewer)
        #expect(TokenScope(strings: all.strings) == all)
        #expect(TokenScope(strings: ["role:viewer"]) == nil)
        #expect(TokenScope(strings: ["role:god", "group:*"]) == nil)
    }

    @Test("a token draft needs explicit groups and a future expiry")
    func draft() {
        let now = Date(timeIntervalSince1970: 1_000)
        let empty = APITokenDraft(name: "ci", scope: TokenScope(groups: .groups([]), maxRole: .viewer), expiresAt: nil)
        #expect(throws: AppError(.invalid, "a token needs at least one group, or all groups", field: "groups")) {
            try empty.validate(now: now)
        }
        let past = APITokenDraft(name: "ci", scope: TokenScope(groups: .all, maxRole: .viewer), expiresAt: now)
        #expect(throws: AppError(.invalid, "expiresAt must be in the future", field: "expiresAt")) {
            try past.validate(now: now)
        }
    }
}
