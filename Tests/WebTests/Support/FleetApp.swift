import Core
import Foundation
import HTTP
import Logging
import Prometheus
import Storage
@testable import Web

/// The real routes and middleware, `AuthMiddleware` included, on 127.0.0.1 at a free port over a
/// fresh SQLite file. `send(_:_:as:)` signs in as a user the way browsers and CI do: a session
/// written to the store (cookie plus CSRF header), or with `scope`, a real API token (Bearer).
struct FleetApp {
    let store: Store
    let port: Int

    /// Sends a request as `user` (nil: unauthenticated); `json` or `form` becomes the body.
    /// `scope` is a token scope's groups: `group:3,group:7`, or `group:*` for all of them.
    func send(_ method: String, _ target: String, as user: Int64?, json: String? = nil, form: String? = nil,
              scope: String? = nil) async throws -> HTTPResponse {
        var headers: [String: String] = [:]
        if let user {
            headers = try await credentials(for: user, scope: scope)
        }
        let body = json ?? form
        if body != nil { headers["Content-Type"] = json != nil ? "application/json" : "application/x-www-form-urlencoded" }
        return try await RawHTTP.send(method: method, target: target, headers: headers, body: Array((body ?? "").utf8), port: port)
    }

    func get(_ target: String, as user: Int64?, scope: String? = nil) async throws -> HTTPResponse {
        try await send("GET", target, as: user, scope: scope)
    }

    private func credentials(for user: Int64, scope: String?) async throws -> [String: String] {
        let now = Date()
        if let scope {
            let ids = scope.split(separator: ",").compactMap { Int64($0.dropFirst("group:".count)) }
            let groups: TokenScope.Groups = scope == "group:*" ? .all : .groups(Set(ids))
            let draft = APITokenDraft(name: "t-\(UUID().uuidString.prefix(8))", scope: TokenScope(groups: groups, maxRole: .owner), expiresAt: nil)
            let token = try await store.write { db in try db.createAPIToken(draft, userID: user, now: now).token.text }
            return ["Authorization": "Bearer \(token)"]
        }
        let (session, token) = try await store.write { db in
            try db.createSession(userID: user, expiresAt: now.addingTimeInterval(3600))
        }
        return ["Cookie": "capstan_session=\(token.text)", "X-CSRF-Token": session.csrfToken]
    }
}

/// Starts a `FleetApp`, runs `body`, shuts the server down.
func withFleetApp<T>(_ body: (FleetApp) async throws -> T) async throws -> T {
    let store = try Store.temporary()
    let templates = try await Templates.load(from: Repository.resourcesDirectory)
    let artifacts = try ArtifactStore(dataDirectory: URL(fileURLWithPath: store.path).deletingLastPathComponent())
    let routes = Routes(store: store, templates: templates, artifacts: artifacts, staticFiles: try StaticFiles(root: Repository.publicDirectory),
                        metrics: PrometheusCollectorRegistry(), isDatabaseHealthy: { true })
    var logger = Logger(label: "capstan.test")
    logger.logLevel = .warning
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.logger = logger
    let server = Server(configuration: configuration, router: routes.makeRouter(), middleware: routes.makeMiddleware(logger: logger))
    let port = try server.start()
    do {
        let result = try await body(FleetApp(store: store, port: port))
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}
