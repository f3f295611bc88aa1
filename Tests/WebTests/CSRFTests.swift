import Testing
@testable import Web

struct CSRFTests {
    @Test("a cookie-authenticated write without the CSRF token is refused with 403")
    func missingToken() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let session = try await app.signIn("ada")
            let response = try await app.send("POST", "/api/v1/tokens", json: ["name": "ci", "groups": "all", "maxRole": "viewer"],
                                              headers: session.headers(csrf: false))
            #expect(response.status == 403)
            #expect(try response.errorObject()["code"] as? String == "forbidden")
            let wrong = try await app.send("POST", "/api/v1/tokens", json: ["name": "ci", "groups": "all", "maxRole": "viewer"],
                                           headers: session.headers(csrf: false).merging(["X-CSRF-Token": "csr_wrong"]) { $1 })
            #expect(wrong.status == 403)
            let form = try await app.postForm("/signout", ["_csrf": "csr_wrong"], headers: session.headers(csrf: false))
            #expect(form.status == 403)
            #expect(try await app.get("/", headers: session.headers()).status == 200, "the session survives")
        }
    }

    @Test("the token in the header or the _csrf form field lets the write through")
    func withToken() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada", isAdmin: true)
            let session = try await app.signIn("ada")
            let header = try await app.send("POST", "/api/v1/tokens", json: ["name": "ci", "groups": "all", "maxRole": "viewer"],
                                            headers: session.headers())
            #expect(header.status == 201)
            let form = try await app.postForm("/users", ["_csrf": session.csrfToken, "login": "bob", "password": RunningApp.password],
                                              headers: session.headers(csrf: false))
            #expect(form.status == 303)
            #expect(form.header("Location")?.hasPrefix("/users/") == true)
        }
    }

    @Test("Bearer-authenticated writes need no CSRF token")
    func bearerExempt() async throws {
        try await withRunningApp { app in
            let response = try await app.send("POST", "/api/v1/users", json: ["login": "bob"], headers: try await app.adminTokenHeaders())
            // A token never administers: the request got past CSRF to the permission check.
            #expect(response.status == 403)
            #expect(try response.errorObject()["message"] as? String == "you may not administer here")
        }
    }

    @Test("a Bearer write is audited as a token use")
    func bearerWriteAudited() async throws {
        try await withRunningApp { app in
            let user = try await app.makeUser("ci")
            let token = try await app.makeToken(for: user, maxRole: .viewer)
            _ = try await app.send("DELETE", "/api/v1/tokens/999", headers: ["Authorization": "Bearer \(token)"])
            let row = try #require(try await app.auditRows().first { $0.entry.action == "token.use" })
            #expect(row.entry.actor.hasPrefix("ci (token "))
            #expect(row.entry.detail["method"] == "DELETE")
            #expect(row.entry.detail["path"] == "/api/v1/tokens/999")
        }
    }
}
