import Testing
@testable import Web

/// Every answer carries `nosniff` and a same-origin referrer policy; every page, error pages too,
/// a Content Security Policy without inline scripts and a refusal to be framed.
struct SecurityHeadersTests {
    @Test("pages, error pages, JSON and static files carry the security headers")
    func headers() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let session = try await app.signIn("ada")
            let page = try await app.open("/", as: session)
            let missing = try await app.open("/no/such/page", as: session)
            let signIn = try await app.get("/signin")
            for response in [page, missing, signIn] {
                #expect(response.header("Content-Security-Policy") == SecurityHeadersMiddleware.contentSecurityPolicy)
                #expect(response.header("X-Frame-Options") == "DENY")
            }
            #expect(missing.status == 404)
            let policy = SecurityHeadersMiddleware.contentSecurityPolicy
            #expect(policy.contains("script-src 'self'") && !policy.contains("script-src 'self' 'unsafe"))
            let json = try await app.get("/healthz")
            let script = try await app.get("/static/capstan.js")
            for response in [page, json, script] {
                #expect(response.header("X-Content-Type-Options") == "nosniff")
                #expect(response.header("Referrer-Policy") == "same-origin")
            }
            #expect(json.header("Content-Security-Policy") == nil, "a policy for documents only")
        }
    }
}
