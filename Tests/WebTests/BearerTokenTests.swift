import Testing
@testable import Web

/// RFC 6750 §2.1: `Bearer` (any case), then the token; surrounding blanks are not part of it.
struct BearerTokenTests {
    @Test(arguments: [
        ("Bearer cap_abc", "cap_abc"), ("bearer cap_abc", "cap_abc"), ("BEARER   cap_abc  ", "cap_abc"),
        ("Bearer \tcap_abc\t", "cap_abc"),
    ])
    func acceptsBearerTokens(_ header: String, _ token: String) {
        #expect(CallerResolver.bearerToken(header) == token)
    }

    @Test(arguments: ["Basic dXNlcjpwdw==", "Bearer", "Bearer ", "Bearer    ", "Bearercap_abc", "Token cap_abc", ""])
    func refusesEverythingElse(_ header: String) {
        #expect(CallerResolver.bearerToken(header) == nil)
    }
}
