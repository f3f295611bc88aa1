import Core
import Testing
@testable import Web

struct AccountAPITests {
    @Test("changing the password ends the other sessions; this browser gets a new one")
    func endsOtherSessions() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let laptop = try await app.signIn("ada")
            let phone = try await app.signIn("ada")
            let newPassword = "a brand new passphrase"
            let response = try await app.send("POST", "/api/v1/account/password",
                                              json: ["currentPassword": RunningApp.password, "newPassword": newPassword], headers: laptop.headers())
            #expect(response.status == 204)
            let cookie = try #require(response.header("Set-Cookie")?.firstMatch(of: /capstan_session=([^;]+)/)?.1)
            #expect(try await app.get("/", headers: phone.headers()).status == 303)
            #expect(try await app.get("/", headers: laptop.headers()).status == 303)
            #expect(try await app.get("/", headers: ["Cookie": "capstan_session=\(cookie)"]).status == 200)
            #expect(try await app.postSignIn(["login": "ada", "password": RunningApp.password]).status == 422)
            #expect(try await app.signIn("ada", password: newPassword).csrfToken.hasPrefix("csr_"))
            #expect(try await app.auditRows().contains { $0.entry.action == "user.changePassword" })
        }
    }

    @Test("the current password is required; a short new one is refused, naming the field")
    func refusals() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let session = try await app.signIn("ada")
            let wrong = try await app.send("POST", "/api/v1/account/password",
                                           json: ["currentPassword": "nope", "newPassword": "long enough password"], headers: session.headers())
            #expect(wrong.status == 422)
            #expect(try wrong.errorObject()["field"] as? String == "currentPassword")
            let short = try await app.send("POST", "/api/v1/account/password",
                                           json: ["currentPassword": RunningApp.password, "newPassword": "short"], headers: session.headers())
            #expect(try short.errorObject()["field"] as? String == "newPassword")
            #expect(try await app.get("/", headers: session.headers()).status == 200, "nothing ended")
        }
    }

    @Test("the password page changes it and re-renders refusals next to the field")
    func page() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let session = try await app.signIn("ada")
            let mismatch = try await app.postForm("/account/password", [
                "_csrf": session.csrfToken, "currentPassword": RunningApp.password, "newPassword": "one new passphrase", "confirmPassword": "another",
            ], headers: session.headers(csrf: false))
            #expect(mismatch.status == 422)
            #expect(mismatch.text.contains(#"<p class="field-error">the two new passwords differ</p>"#))
            let changed = try await app.postForm("/account/password", [
                "_csrf": session.csrfToken, "currentPassword": RunningApp.password, "newPassword": "one new passphrase",
                "confirmPassword": "one new passphrase",
            ], headers: session.headers(csrf: false))
            #expect(changed.status == 303)
            #expect(changed.header("Location") == "/account/password?changed=1")
            #expect(changed.header("Set-Cookie")?.contains("HttpOnly") == true)
        }
    }
}
