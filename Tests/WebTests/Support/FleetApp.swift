import Core
import Foundation
import HTTP
import Logging
import Prometheus
import Storage
@testable import Web

/// The real routes and middleware on 127.0.0.1 at a free port over a fresh SQLite file, with one
/// test-only middleware standing in for sign-in: `X-Test-User: <id>` attaches that user's `Caller`
/// (built fresh from the store, as the real middleware will), and `X-Test-Scope: group:3,group:7`
/// or `group:*` makes it an API-token caller with that scope (role capped at owner).
struct FleetApp {
    let store: Store
    let port: Int

    /// Sends a request as `user` (nil: unauthenticated); `json` or `form` becomes the body.
    func send(_ method: String, _ target: String, as user: Int64?, json: String? = nil, form: String? = nil,
              scope: String? = nil) async throws -> HTTPResponse {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let user { text += "X-Test-User: \(user)\r\n" }
        if let scope { text += "X-Test-Scope: \(scope)\r\n" }
        let body = json ?? form
        if let body {
            let type = json != nil ? "application/json" : "application/x-www-form-urlencoded"
            text += "Content-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\n"
        }
        text += "\r\n" + (body ?? "")
        return try RawHTTP.parse(try await RawHTTP.exchange(Array(text.utf8), port: port))
    }

    func get(_ target: String, as user: Int64?, scope: String? = nil) async throws -> HTTPResponse {
        try await send("GET", target, as: user, scope: scope)
    }
}

/// Starts a `FleetApp`, runs `body`, shuts the server down.
func withFleetApp<T>(_ body: (FleetApp) async throws -> T) async throws -> T {
    let store = try Store.temporary()
    let templates = try await Templates.load(from: Repository.resourcesDirectory)
    let routes = Routes(store: store, templates: templates, staticFiles: try StaticFiles(root: Repository.publicDirectory),
                        metrics: PrometheusCollectorRegistry(), isDatabaseHealthy: { true })
    var logger = Logger(label: "capstan.test")
    logger.logLevel = .warning
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.logger = logger
    let middleware = routes.makeMiddleware(logger: logger) + [TestCallerMiddleware(store: store)]
    let server = Server(configuration: configuration, router: routes.makeRouter(), middleware: middleware)
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

/// Stands in for the auth middleware until it lands: trusts `X-Test-User` (tests only).
private struct TestCallerMiddleware: Middleware {
    let store: Store

    func handle(_ request: Request, next: Handler) async throws -> Response {
        var request = request
        if let id = request.headers["X-Test-User"].flatMap({ Int64($0) }) {
            let scope = request.headers["X-Test-Scope"].map(Self.scope)
            let principal = try await store.read { db in try db.principal(userID: id, tokenScope: scope) }
            let credential: Caller.Credential = scope == nil
                ? .session(tokenHash: "test-session", csrfToken: "test-csrf") : .apiToken(id: 1, name: "test-token")
            request.attributes[CallerKey.self] = Caller(principal: principal, credential: credential,
                                                        remoteAddress: request.remoteAddress)
        }
        return try await next(request)
    }

    private static func scope(_ text: String) -> TokenScope {
        let ids = text.split(separator: ",").compactMap { Int64($0.dropFirst("group:".count)) }
        return TokenScope(groups: text == "group:*" ? .all : .groups(Set(ids)), maxRole: .owner)
    }
}
