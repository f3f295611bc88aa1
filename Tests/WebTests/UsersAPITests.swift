import Core
import Testing
@testable import Web

struct UsersAPITests {
    @Test("an admin creates a user; the answer uses string ids and RFC 3339 times; the change is audited")
    func create() async throws {
        try await withRunningApp { app in
            try await app.makeUser("root", isAdmin: true)
            let session = try await app.signIn("root")
            let response = try await app.send("POST", "/api/v1/users", json: [
                "login": "bob", "name": "Bob", "password": RunningApp.password, "isAuditor": true,
            ], headers: session.headers())
            #expect(response.status == 201)
            let user = try response.json()
            let id = try #require(user["id"] as? String)
            #expect(user["login"] as? String == "bob")
            #expect(user["isAuditor"] as? Bool == true)
            #expect((user["createdAt"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil)
            #expect(user.keys.contains("disabledAt") && !user.keys.contains("passwordHash"))
            let row = try #require(try await app.auditRows().first)
            #expect(row.entry.action == "user.create")
            #expect(row.entry.actor == "root")
            #expect(row.entry.targetID == id)
            #expect(row.entry.remoteAddress == "127.0.0.1")
            #expect(!row.entry.detailText.contains(RunningApp.password))
            #expect(try await app.signIn("bob").csrfToken.hasPrefix("csr_"), "the new user can sign in")
            let list = try await app.get("/api/v1/users", headers: session.headers()).json()
            #expect((list["items"] as? [[String: Any]])?.compactMap { $0["login"] as? String }.contains("bob") == true)
            #expect(list.keys.contains("nextCursor"))
        }
    }

    @Test("a login already taken is 409; a bad login is 422 naming the field")
    func refusals() async throws {
        try await withRunningApp { app in
            try await app.makeUser("root", isAdmin: true)
            let headers = try await app.signIn("root").headers()
            let taken = try await app.send("POST", "/api/v1/users", json: ["login": "root"], headers: headers)
            #expect(taken.status == 409)
            #expect(try taken.errorObject()["field"] as? String == "login")
            let bad = try await app.send("POST", "/api/v1/users", json: ["login": "Not OK"], headers: headers)
            #expect(bad.status == 422)
            #expect(try bad.errorObject()["field"] as? String == "login")
            let short = try await app.send("POST", "/api/v1/users", json: ["login": "bob", "password": "short"], headers: headers)
            #expect(try short.errorObject()["field"] as? String == "password")
            let missing = try await app.send("POST", "/api/v1/users", json: ["name": "x"], headers: headers)
            #expect(missing.status == 422)
            #expect(try missing.errorObject()["field"] as? String == "login")
            let malformed = try await RawHTTP.send(method: "POST", target: "/api/v1/users", headers: headers, body: Array("{\"login\":".utf8), port: app.port)
            #expect(malformed.status == 400)
            #expect((try malformed.errorObject()["message"] as? String)?.hasPrefix("malformed JSON") == true)
        }
    }

    @Test("a non-admin gets 403 on every user route", arguments: [
        ("GET", "/api/v1/users"), ("POST", "/api/v1/users"), ("GET", "/api/v1/users/1"), ("PATCH", "/api/v1/users/1"),
        ("PUT", "/api/v1/users/1/memberships/1"), ("DELETE", "/api/v1/users/1/memberships/1"), ("GET", "/users"), ("GET", "/users/new"),
    ])
    func nonAdmin(method: String, target: String) async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada", isAuditor: true)
            let response = try await app.send(method, target, json: method == "GET" || method == "DELETE" ? nil : ["role": "viewer"],
                                              headers: try await app.signIn("ada").headers())
            #expect(response.status == 403)
        }
    }

    @Test("an admin edits flags, disables a user (ending their sessions) and sets and removes group roles")
    func editAndRoles() async throws {
        try await withRunningApp { app in
            try await app.makeUser("root", isAdmin: true)
            let bob = try await app.makeUser("bob")
            let group = try await app.makeGroup("web")
            let headers = try await app.signIn("root").headers()
            let bobSession = try await app.signIn("bob")
            let put = try await app.send("PUT", "/api/v1/users/\(bob.id)/memberships/\(group)", json: ["role": "deployer"], headers: headers)
            #expect(put.status == 200)
            #expect(try put.json()["role"] as? String == "deployer")
            let badRole = try await app.send("PUT", "/api/v1/users/\(bob.id)/memberships/\(group)", json: ["role": "king"], headers: headers)
            #expect(badRole.status == 422)
            #expect(try badRole.errorObject()["field"] as? String == "role")
            let shown = try await app.get("/api/v1/users/\(bob.id)", headers: headers).json()
            #expect((shown["memberships"] as? [[String: Any]])?.first?["groupID"] as? String == String(group))
            let patched = try await app.send("PATCH", "/api/v1/users/\(bob.id)", json: ["name": "Robert", "disabled": true], headers: headers)
            #expect(try patched.json()["disabled"] as? Bool == true)
            #expect(try await app.get("/", headers: bobSession.headers()).status == 303)
            let update = try #require(try await app.auditRows().first)
            #expect(update.entry.action == "user.update")
            #expect(update.entry.detail["name"] == ["from": "", "to": "Robert"])
            let removed = try await app.send("DELETE", "/api/v1/users/\(bob.id)/memberships/\(group)", headers: headers)
            #expect(removed.status == 204)
            #expect(try await app.auditRows().first?.entry.action == "membership.remove")
        }
    }

    @Test("the new-user form re-renders with the message next to the field and keeps what was typed but the password")
    func formErrors() async throws {
        try await withRunningApp { app in
            try await app.makeUser("root", isAdmin: true)
            let session = try await app.signIn("root")
            let response = try await app.postForm("/users", [
                "_csrf": session.csrfToken, "login": "Bad Login", "name": "Bad <b>", "password": "secret-typed-here", "isAdmin": "on",
            ], headers: session.headers(csrf: false))
            #expect(response.status == 422)
            #expect(response.text.contains(#"<p class="field-error">login must be 1 to 64"#))
            #expect(response.text.contains(#"value="Bad Login""#))
            #expect(response.text.contains(#"value="Bad &lt;b&gt;""#))
            #expect(response.text.contains(#"name="isAdmin" value="on" checked"#))
            #expect(!response.text.contains("secret-typed-here"))
        }
    }
}
