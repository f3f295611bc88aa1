import Foundation
import HTTP

/// A stand-in for the package API being built on the `upload` branch: just the contract `capstan push`
/// and `capstan packages` code against, on a real `HTTP.Server` at 127.0.0.1 and a free port.
///
/// It accepts the token `good-token`, knows the application `web`, trusts `X-Capstan-SHA256` (tests
/// compare the recorded body with the file themselves) and keeps versions in memory: 201 for a new
/// version, 200 for the same hash again, 409 for another. `answer` can replace any reply.
actor PushContractServer {
    struct Recorded: Sendable {
        var method: String
        var target: String
        var headers: Headers
        var body: [UInt8]
    }

    struct Stored: Codable, Sendable {
        var application: String
        var version: String
        var sha256: String
        var size: Int
        var createdAt = "2026-11-22T05:51:23.120Z"
        var createdBy = "ci"
        var metadata: [String: String]
    }

    private(set) var requests: [Recorded] = []
    private var packages: [Stored] = []

    static let token = "good-token"

    func record(_ request: Recorded) { requests.append(request) }

    func put(_ request: Request, body: [UInt8]) -> Response {
        guard request.headers["Authorization"] == "Bearer \(Self.token)" else {
            return Self.error(401, "unauthorized", "a valid API token is required")
        }
        let application = request.parameters["app"] ?? "", version = request.parameters["version"] ?? ""
        guard application == "web" else { return Self.error(404, "notFound", "no application \(application)") }
        let sha256 = request.headers["X-Capstan-SHA256"] ?? ""
        if let existing = packages.first(where: { $0.application == application && $0.version == version }) {
            guard existing.sha256 == sha256 else {
                return Self.error(409, "conflict", "version \(version) of \(application) already exists with other bytes")
            }
            return .json(Self.encode(existing), status: .ok)
        }
        var metadata: [String: String] = [:]
        for (key, header) in [("commit", "X-Capstan-Commit"), ("branch", "X-Capstan-Branch"),
                              ("buildURL", "X-Capstan-Build-URL"), ("notes", "X-Capstan-Notes")] {
            metadata[key] = request.headers[header].flatMap { $0.removingPercentEncoding }
        }
        let stored = Stored(application: application, version: version, sha256: sha256, size: body.count, metadata: metadata)
        packages.insert(stored, at: 0)
        return .json(Self.encode(stored), status: .created)
    }

    func list(_ request: Request) -> Response {
        guard request.headers["Authorization"] == "Bearer \(Self.token)" else {
            return Self.error(401, "unauthorized", "a valid API token is required")
        }
        let limit = request.query("limit").flatMap(Int.init) ?? 50
        let items = packages.filter { $0.application == request.parameters["app"] }
        struct Page: Encodable { var items: [Stored]; var nextCursor: String? }
        let page = Page(items: Array(items.prefix(limit)), nextCursor: items.count > limit ? items[limit - 1].version : nil)
        return .json(Self.encode(page))
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> Response {
        .json(Array(#"{"error":{"code":"\#(code)","message":"\#(message)"}}"#.utf8), status: Status(status))
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try! encoder.encode(value))
    }

    /// Runs `body` with the server's base URL; `answer` may reply instead of the contract (nil: don't).
    static func run(answer: @escaping @Sendable (Recorded) async -> Response? = { _ in nil },
                    _ body: (String, PushContractServer) async throws -> Void) async throws {
        let contract = PushContractServer()
        var router = Router()
        router.put("/api/v1/applications/:app/packages/:version", bodyLimit: 64 << 20) { request in
            let recorded = Recorded(method: "PUT", target: request.target, headers: request.headers,
                                    body: try await request.body.collect())
            await contract.record(recorded)
            if let reply = await answer(recorded) { return reply }
            return await contract.put(request, body: recorded.body)
        }
        router.get("/api/v1/applications/:app/packages") { request in
            let recorded = Recorded(method: "GET", target: request.target, headers: request.headers, body: [])
            await contract.record(recorded)
            if let reply = await answer(recorded) { return reply }
            return await contract.list(request)
        }
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.loopCount = 1
        configuration.logger.logLevel = .warning
        let server = Server(configuration: configuration, router: router)
        let port = try server.start()
        do {
            try await body("http://127.0.0.1:\(port)", contract)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }
}
