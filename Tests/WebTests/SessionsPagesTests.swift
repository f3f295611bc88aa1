import Core
import Testing
@testable import Web

struct SessionsPagesTests {
    @Test("a wrong password re-renders the form with an error, keeps the login, and is audited")
    func wrongPassword() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let response = try await app.postSignIn(["login": "ada", "password": "not the password", "next": "/tokens"])
            #expect(response.status == 422)
            #expect(response.setCookie("capstan_session") == nil)
            #expect(response.text.contains("Wrong login or password."))
            #expect(response.text.contains(#"name="login" value="ada""#))
            #expect(!response.text.contains("not the password"))
            #expect(response.text.contains(#"name="next" value="/tokens""#))
            let row = try #require(try await app.auditRows().first)
            #expect(row.entry.action == "session.signInFailed")
            #expect(row.entry.actor == "ada")
            #expect(row.entry.remoteAddress == "127.0.0.1")
        }
    }

    @Test("the sixth failure in a row is refused with 429 and Retry-After")
    func throttled() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            for attempt in 1...5 {
                let response = try await app.postSignIn(["login": "ada", "password": "guess \(attempt)"])
                #expect(response.status == 422, "attempt \(attempt)")
            }
            let locked = try await app.postSignIn(["login": "ada", "password": RunningApp.password])
            #expect(locked.status == 429)
            let retryAfter = try #require(locked.header("Retry-After").flatMap(Int.init))
            #expect(retryAfter > 0 && retryAfter <= Int(SignInThrottle.standard.lockout))
            #expect(locked.setCookie("capstan_session") == nil, "even the right password waits out the lockout")
            app.clock.advance(by: SignInThrottle.standard.lockout + 1)
            #expect(try await app.postSignIn(["login": "ada", "password": RunningApp.password]).status == 303)
        }
    }

    @Test("the right password sets an HttpOnly, SameSite=Lax session cookie and goes to next")
    func signsIn() async throws {
        try await withRunningApp { app in
            let user = try await app.makeUser("ada")
            let response = try await app.postSignIn(["login": "Ada", "password": RunningApp.password, "next": "/tokens"])
            #expect(response.status == 303)
            #expect(response.header("Location") == "/tokens")
            let cookie = try #require(response.setCookie("capstan_session"))
            #expect(cookie.hasPrefix("capstan_session=cse_"))
            #expect(response.setCookie("capstan_signin")?.hasPrefix("capstan_signin=; Max-Age=0") == true, "the sign-in token is dropped")
            for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=\(Int(AccessSettings.defaultSessionLifetime))"] {
                #expect(cookie.contains("; \(attribute)"), "\(attribute)")
            }
            #expect(!cookie.contains("Secure"))
            let row = try #require(try await app.auditRows().first)
            #expect(row.entry.action == "session.signIn")
            #expect(row.entry.targetID == String(user.id))
        }
    }

    @Test("behind a trusted TLS front (X-Forwarded-Proto: https) the cookie is Secure")
    func secureBehindTLS() async throws {
        try await withRunningApp(configure: { configuration, _ in configuration.trustedProxies = TrustedProxies("127.0.0.1")! }) { app in
            try await app.makeUser("ada")
            let response = try await app.postSignIn(["login": "ada", "password": RunningApp.password],
                                                    headers: ["X-Forwarded-Proto": "https"])
            #expect(response.setCookie("capstan_session")?.hasSuffix("; Secure") == true)
        }
    }

    @Test("X-Forwarded-Proto from a peer that is not a trusted proxy does not make the cookie Secure")
    func untrustedProto() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let response = try await app.postSignIn(["login": "ada", "password": RunningApp.password],
                                                    headers: ["X-Forwarded-Proto": "https"])
            #expect(response.status == 303)
            #expect(response.setCookie("capstan_session")?.contains("Secure") == false)
        }
    }

    @Test("an off-site next is ignored after signing in")
    func offSiteNext() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let response = try await app.postSignIn(["login": "ada", "password": RunningApp.password, "next": "//evil.example/"])
            #expect(response.header("Location") == "/")
        }
    }

    @Test("signing out ends the session and clears the cookie")
    func signOut() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let session = try await app.signIn("ada")
            let response = try await app.postForm("/signout", ["_csrf": session.csrfToken], headers: session.headers(csrf: false))
            #expect(response.status == 303)
            #expect(response.header("Location") == "/signin")
            #expect(response.header("Set-Cookie")?.hasPrefix("capstan_session=; Max-Age=0") == true)
            #expect(try await app.get("/", headers: session.headers()).status == 303)
            #expect(try await app.auditRows().first?.entry.action == "session.signOut")
        }
    }

    @Test("the signed-in layout shows the login, a sign-out form with the CSRF token, and Users only to admins")
    func layout() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            try await app.makeUser("root", isAdmin: true)
            let ada = try await app.signIn("ada")
            let page = try await app.get("/", headers: ada.headers()).text
            #expect(page.contains(#"action="/signout""#))
            #expect(page.contains(#"<input type="hidden" name="_csrf" value="\#(ada.csrfToken)">"#))
            #expect(!page.contains(#"href="/users""#))
            let root = try await app.get("/", headers: try await app.signIn("root").headers()).text
            #expect(root.contains(#"href="/users""#))
        }
    }

    @Test("GET /signin sets a short-lived HttpOnly, SameSite=Lax capstan_signin cookie equal to the hidden _csrf field")
    func signInToken() async throws {
        try await withRunningApp { app in
            let page = try await app.get("/signin")
            let cookie = try #require(page.setCookie("capstan_signin"))
            let token = try #require(cookie.firstMatch(of: /^capstan_signin=(csr_[A-Za-z0-9_-]{43});/)?.1)
            #expect(page.text.contains(#"<input type="hidden" name="_csrf" value="\#(token)">"#))
            for attribute in ["Max-Age=\(SignInToken.lifetime)", "Path=/", "HttpOnly", "SameSite=Lax"] {
                #expect(cookie.contains("; \(attribute)"), "\(attribute)")
            }
            let again = try await app.get("/signin", headers: ["Cookie": "capstan_signin=\(token)"])
            #expect(again.text.contains(#"name="_csrf" value="\#(token)""#), "a second tab keeps the same token")
            let forged = try await app.get("/signin", headers: ["Cookie": "capstan_signin=csr_<script>"])
            #expect(!forged.text.contains("<script>"))
            #expect(forged.setCookie("capstan_signin")?.hasPrefix("capstan_signin=csr_") == true)
        }
    }

    @Test("a sign-in post without the matching CSRF cookie and field is refused with 403 on the form", arguments: [
        (cookie: nil, field: "csr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        (cookie: "csr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", field: nil),
        (cookie: "csr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", field: "csr_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"),
    ] as [(cookie: String?, field: String?)])
    func loginCSRF(cookie: String?, field: String?) async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            var fields = ["login": "ada", "password": RunningApp.password]
            fields["_csrf"] = field
            let response = try await app.postForm("/signin", fields, headers: cookie.map { ["Cookie": "capstan_signin=\($0)"] } ?? [:])
            #expect(response.status == 403)
            #expect(response.setCookie("capstan_session") == nil)
            #expect(response.text.contains("This sign-in form has expired or came from another site."))
            #expect(response.text.contains(#"name="login" value="ada""#))
            let fresh = try #require(response.setCookie("capstan_signin")?.firstMatch(of: /^capstan_signin=([^;]+)/)?.1)
            #expect(response.text.contains(#"name="_csrf" value="\#(fresh)""#), "the form can be sent again")
            #expect(try await app.auditRows().allSatisfy { !$0.entry.action.hasPrefix("session.") }, "the password was never tried")
        }
    }
}
