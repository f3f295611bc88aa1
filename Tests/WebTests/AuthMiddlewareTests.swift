import Core
import Foundation
import HTTP
import Prometheus
import Storage
import Testing
@testable import Web

struct AuthMiddlewareTests {
    /// Exactly what may be reached without signing in (DESIGN "Security").
    static let publicRoutes: Set<String> = ["GET /healthz", "GET /static/*path", "GET /signin", "POST /signin"]

    /// The app's route table, built by the same `Routes` the app uses.
    static func registeredRoutes() async throws -> [Router.Route] {
        let store = try Store.temporary()
        let artifacts = try ArtifactStore(dataDirectory: URL(fileURLWithPath: store.path).deletingLastPathComponent())
        let routes = Routes(store: store, templates: try await Templates.load(from: Repository.resourcesDirectory), artifacts: artifacts,
                            staticFiles: try StaticFiles(root: Repository.publicDirectory), metrics: PrometheusCollectorRegistry(),
                            isDatabaseHealthy: { true })
        return routes.makeRouter().routes
    }

    /// A concrete target for a pattern: parameters become 1, a wildcard `x`.
    static func target(_ pattern: String) -> String {
        pattern.split(separator: "/").map { $0.hasPrefix(":") ? "1" : $0.hasPrefix("*") ? "x" : String($0) }
            .reduce("") { $0 + "/" + $1 }.nonEmpty ?? "/"
    }

    @Test("every route off the public list answers 401 (API) or 303 to /signin (pages) without credentials")
    func everyRouteNeedsSignIn() async throws {
        let routes = try await Self.registeredRoutes()
        #expect(Set(routes.map { "\($0.method) \($0.pattern)" }).isSuperset(of: Self.publicRoutes))
        try await withRunningApp { app in
            for route in routes where !Self.publicRoutes.contains("\(route.method) \(route.pattern)") {
                let target = Self.target(route.pattern)
                let response = try await app.send(route.method.rawValue, target)
                if ErrorFormat.isForPrograms(target) {
                    #expect(response.status == 401, "\(route.method) \(target)")
                    #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "\(route.method) \(target)")
                    #expect(try response.errorObject()["code"] as? String == "unauthorized")
                } else {
                    #expect(response.status == 303, "\(route.method) \(target)")
                    #expect(response.header("Location")?.hasPrefix("/signin") == true, "\(route.method) \(target)")
                }
            }
        }
    }

    @Test("the public routes answer without credentials")
    func publicRoutesAnswer() async throws {
        try await withRunningApp { app in
            for target in ["/healthz", "/static/capstan.css", "/signin"] {
                let response = try await app.get(target)
                #expect(response.status == 200, "\(target)")
            }
        }
    }

    @Test("a page redirect keeps the page as next; the sign-in form carries it")
    func redirectKeepsNext() async throws {
        try await withRunningApp { app in
            let response = try await app.get("/users?x=1")
            #expect(response.header("Location") == "/signin?next=/users%3Fx%3D1")
            let page = try await app.get(try #require(response.header("Location")))
            #expect(page.text.contains(#"name="next" value="/users?x=1""#))
        }
    }

    @Test("next is honoured only when it is a local path", arguments: [
        ("/users", "/users"), ("https://evil.example/", "/"), ("//evil.example", "/"), ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"), ("/ok\r\nSet-Cookie: x", "/"), ("", "/"),
    ])
    func nextIsLocal(next: String, expected: String) {
        #expect(SignInRedirect.safeTarget(next) == expected)
    }

    @Test("unknown, malformed and non-Bearer credentials are refused")
    func badCredentials() async throws {
        try await withRunningApp { app in
            for headers in [["Authorization": "Bearer cap_nope"], ["Authorization": "Basic YTpi"], ["Cookie": "capstan_session=cse_nope"]] {
                let response = try await app.get("/api/v1/ping", headers: headers)
                #expect(response.status == 401)
            }
        }
    }

    @Test("a disabled user's session and tokens stop working at once")
    func disabledUser() async throws {
        try await withRunningApp { app in
            let user = try await app.makeUser("ada")
            let token = try await app.makeToken(for: user)
            let session = try await app.signIn("ada")
            _ = try await app.store.write { db in try db.disableUser(id: user.id, now: app.clock.now()) }
            #expect(try await app.get("/api/v1/ping", headers: ["Authorization": "Bearer \(token)"]).status == 401)
            #expect(try await app.get("/", headers: session.headers()).status == 303)
        }
    }

    @Test("a session expires after its lifetime")
    func sessionExpires() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let session = try await app.signIn("ada")
            app.clock.advance(by: AccessSettings.defaultSessionLifetime - 1)
            #expect(try await app.get("/", headers: session.headers()).status == 200)
            app.clock.advance(by: 1)
            #expect(try await app.get("/", headers: session.headers()).status == 303)
        }
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
