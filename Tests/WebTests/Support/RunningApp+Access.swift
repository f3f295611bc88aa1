import Core
import Foundation
import Storage
@testable import Web

/// A signed-in browser: the session cookie and the CSRF token its pages carry.
struct BrowserSession {
    let cookie: String
    let csrfToken: String

    /// `Cookie`, plus `X-CSRF-Token` unless `csrf` is false.
    func headers(csrf: Bool = true) -> [String: String] {
        csrf ? ["Cookie": "capstan_session=\(cookie)", "X-CSRF-Token": csrfToken] : ["Cookie": "capstan_session=\(cookie)"]
    }
}

extension RunningApp {
    static let password = "correct horse battery"

    var store: Store { app.store }

    /// A user written straight to the store (password hashed with the app's test hasher).
    @discardableResult
    func makeUser(_ login: String, isAdmin: Bool = false, isAuditor: Bool = false, password: String? = RunningApp.password,
                  roles: [Int64: Role] = [:]) async throws -> User {
        let hash = password.map { AccessSettings.testing(clock).hasher.hash($0) }
        let now = clock.now()
        return try await store.write { db in
            let user = try db.createUser(UserDraft(login: login, isAdmin: isAdmin, isAuditor: isAuditor), passwordHash: hash, now: now)
            for (groupID, role) in roles { try db.setMembership(Membership(userID: user.id, groupID: groupID, role: role)) }
            return user
        }
    }

    /// A product group written straight to the store.
    func makeGroup(_ name: String) async throws -> Int64 {
        try await store.write { db in try db.createGroup(GroupDraft(name: name)).id }
    }

    /// An API token for `user`, written straight to the store; returns the secret to send as Bearer.
    func makeToken(for user: User, groups: TokenScope.Groups = .all, maxRole: Role = .owner, expiresAt: Date? = nil) async throws -> String {
        let now = clock.now()
        let draft = APITokenDraft(name: "t\(UUID().uuidString.prefix(8))", scope: TokenScope(groups: groups, maxRole: maxRole), expiresAt: expiresAt)
        return try await store.write { db in try db.createAPIToken(draft, userID: user.id, now: now).token.text }
    }

    /// `["Authorization": "Bearer <a new owner token of a new admin>"]`, for tests of routes that are not about auth.
    func adminTokenHeaders() async throws -> [String: String] {
        let admin = try await makeUser("root\(UUID().uuidString.prefix(6).lowercased())", isAdmin: true)
        return ["Authorization": "Bearer \(try await makeToken(for: admin))"]
    }

    /// Signs in through `POST /signin`, then reads the CSRF token from a page's hidden `_csrf` input.
    func signIn(_ login: String, password: String = RunningApp.password) async throws -> BrowserSession {
        let response = try await postSignIn(["login": login, "password": password])
        guard response.status == 303, let setCookie = response.header("Set-Cookie"),
              let cookie = setCookie.firstMatch(of: /capstan_session=([^;]+)/)?.1 else {
            throw RawHTTP.Failure("sign-in as \(login) failed: \(response.status) \(response.text)")
        }
        let page = try await get("/account/password", headers: ["Cookie": "capstan_session=\(cookie)"])
        guard let csrf = page.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1 else {
            throw RawHTTP.Failure("no CSRF token on the page: \(page.status)")
        }
        return BrowserSession(cookie: String(cookie), csrfToken: String(csrf))
    }

    /// Sends `body` as JSON (any JSONSerialization value) with `headers`.
    func send(_ method: String, _ target: String, json body: Any? = nil, headers: [String: String] = [:]) async throws -> HTTPResponse {
        let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0, options: [.fragmentsAllowed])) } ?? []
        var headers = headers
        if body != nil { headers["Content-Type"] = "application/json" }
        return try await RawHTTP.send(method: method, target: target, headers: headers, body: bytes, port: port)
    }

    /// Posts an urlencoded form.
    func postForm(_ target: String, _ fields: [String: String], headers: [String: String] = [:]) async throws -> HTTPResponse {
        try await RawHTTP.postForm(target, fields, headers: headers, port: port)
    }

    /// Posts the sign-in form as a browser does, with the CSRF cookie and field from `GET /signin`.
    func postSignIn(_ fields: [String: String], headers: [String: String] = [:]) async throws -> HTTPResponse {
        try await SignInForm.post(fields, headers: headers, port: port)
    }

    /// The newest audit rows, newest first.
    func auditRows(limit: Int = 20) async throws -> [AuditRecord] {
        try await store.read { db in try db.auditRecords(matching: AuditQuery(limit: limit)) }
    }
}
