import Core
import Foundation
import Testing
@testable import Web

struct TokensAPITests {
    @Test("a created token is shown once and works as Bearer; revoked, it answers 401")
    func createUseRevoke() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada", roles: [try await app.makeGroup("alpha"): .viewer])
            let session = try await app.signIn("ada")
            let created = try await app.send("POST", "/api/v1/tokens", json: ["name": "ci", "groups": "all", "maxRole": "viewer", "expiresIn": "30d"],
                                             headers: session.headers())
            #expect(created.status == 201)
            let json = try created.json()
            let token = try #require(json["token"] as? String)
            let id = try #require(json["id"] as? String)
            #expect(json["expiresAt"] as? String == RFC3339.string(app.clock.now().addingTimeInterval(30 * 86_400)))
            let bearer = ["Authorization": "Bearer \(token)"]
            #expect(try await app.get("/api/v1/ping", headers: bearer).status == 200)
            let list = try await app.get("/api/v1/tokens", headers: session.headers()).json()
            let items = try #require(list["items"] as? [[String: Any]])
            #expect(items.count == 1 && items[0]["token"] == nil && items[0]["lastUsedAt"] is String)
            #expect(try await app.send("DELETE", "/api/v1/tokens/\(id)", headers: session.headers()).status == 204)
            #expect(try await app.get("/api/v1/ping", headers: bearer).status == 401)
            #expect(try await app.auditRows().first?.entry.action == "token.revoke")
        }
    }

    @Test("an expired token answers 401")
    func expired() async throws {
        try await withRunningApp { app in
            let user = try await app.makeUser("ada")
            let token = try await app.makeToken(for: user, expiresAt: app.clock.now().addingTimeInterval(60))
            #expect(try await app.get("/api/v1/ping", headers: ["Authorization": "Bearer \(token)"]).status == 200)
            app.clock.advance(by: 60)
            #expect(try await app.get("/api/v1/ping", headers: ["Authorization": "Bearer \(token)"]).status == 401)
        }
    }

    @Test("a token for group A as viewer sees only A, as viewer, though its user deploys to A and B")
    func scopedToken() async throws {
        try await withRunningApp { app in
            let (a, b) = (try await app.makeGroup("alpha"), try await app.makeGroup("beta"))
            try await app.makeUser("ada", roles: [a: .deployer, b: .deployer])
            let session = try await app.signIn("ada")
            let created = try await app.send("POST", "/api/v1/tokens", json: ["name": "ro", "groups": [String(a)], "maxRole": "viewer"],
                                             headers: session.headers()).json()
            let token = try #require(created["token"] as? String)
            let asToken = try await app.get("/api/v1/account", headers: ["Authorization": "Bearer \(token)"]).json()
            let roles = try #require(asToken["roles"] as? [[String: String]])
            #expect(roles == [["groupID": String(a), "role": "viewer"]])
            #expect(asToken["credential"] as? String == "token")
            let asUser = try await app.get("/api/v1/account", headers: session.headers()).json()
            #expect((asUser["roles"] as? [[String: String]])?.map { $0["role"] } == ["deployer", "deployer"])
        }
    }

    @Test("a token cannot exceed its user's roles (403), cannot mint tokens, and names bad fields (422)")
    func refusals() async throws {
        try await withRunningApp { app in
            let a = try await app.makeGroup("alpha")
            let ada = try await app.makeUser("ada", roles: [a: .viewer])
            let headers = try await app.signIn("ada").headers()
            let above = try await app.send("POST", "/api/v1/tokens", json: ["name": "x", "groups": [a], "maxRole": "owner"], headers: headers)
            #expect(above.status == 403)
            #expect(try above.errorObject()["field"] as? String == "maxRole")
            let bad = try await app.send("POST", "/api/v1/tokens", json: ["name": "x", "groups": "some", "maxRole": "viewer"], headers: headers)
            #expect(bad.status == 422)
            #expect(try bad.errorObject()["field"] as? String == "groups")
            let past = try await app.send("POST", "/api/v1/tokens", json: ["name": "x", "groups": "all", "maxRole": "viewer",
                                                                         "expiresAt": "2001-01-01T00:00:00Z"], headers: headers)
            #expect(try past.errorObject()["field"] as? String == "expiresAt")
            let token = try await app.makeToken(for: ada, groups: .all, maxRole: .viewer)
            let minted = try await app.send("POST", "/api/v1/tokens", json: ["name": "y", "groups": "all", "maxRole": "viewer"],
                                            headers: ["Authorization": "Bearer \(token)"])
            #expect(minted.status == 403)
        }
    }

    @Test("the tokens page shows a new token once, and revokes")
    func page() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada", isAdmin: true)
            let session = try await app.signIn("ada")
            let created = try await app.postForm("/tokens", ["_csrf": session.csrfToken, "name": "deploy bot", "groups": "all",
                                                             "maxRole": "deployer", "expiresIn": "7d"], headers: session.headers(csrf: false))
            #expect(created.status == 201)
            let token = try #require(created.text.firstMatch(of: /<code class="secret">(cap_[A-Za-z0-9_-]{43})<\/code>/)?.1)
            #expect(try await app.get("/api/v1/ping", headers: ["Authorization": "Bearer \(token)"]).status == 200)
            let list = try await app.get("/tokens", headers: session.headers()).text
            #expect(list.contains("deploy bot") && !list.contains(String(token)))
            let id = try #require(list.firstMatch(of: /action="\/tokens\/(\d+)\/revoke"/)?.1)
            let revoked = try await app.postForm("/tokens/\(id)/revoke", ["_csrf": session.csrfToken], headers: session.headers(csrf: false))
            #expect(revoked.status == 303)
            #expect(try await app.get("/api/v1/ping", headers: ["Authorization": "Bearer \(token)"]).status == 401)
        }
    }
}
