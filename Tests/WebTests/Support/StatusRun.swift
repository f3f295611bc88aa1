import Core
import Foundation
import Storage
import Testing
@testable import Web

/// The requests of `OpenAPIStatusTests` and what they showed: `covered` holds `METHOD pattern
/// status` for each request that got the status it expected.
struct StatusRun {
    let app: RunningApp
    let releases: ReleaseFixture
    let admin: BrowserSession
    let viewer: [String: String]
    var covered: Set<String> = []
    /// Ids and times in 2xx JSON answers that break the conventions (`JSONConventions`).
    var jsonProblems: [String] = []
    /// 2xx JSON answers that do not match their documented schema.
    var schemaProblems: [String] = []
    /// How many answers were held to a schema.
    var schemaChecked = 0
    let document = OpenAPIDocument()

    static func make(in app: RunningApp) async throws -> StatusRun {
        let releases = try await ReleaseFixture.make(in: app, agents: 2)
        let admin = try await app.signIn(releases.fixture.admin.login)
        let viewer = try await app.makeUser("viewer", roles: [releases.fixture.groupID: .viewer])
        return StatusRun(app: app, releases: releases, admin: admin, viewer: ["Authorization": "Bearer \(try await app.makeToken(for: viewer))"])
    }

    var group: Int64 { releases.fixture.groupID }
    var staging: Int64 { releases.fixture.environmentID }

    /// Sends the request, expects `status`, and records the pair; the answer's JSON when it has some.
    @discardableResult
    mutating func check(_ pattern: String, _ status: Int, _ method: String, _ target: String, json: Any? = nil, raw: [UInt8]? = nil,
                        headers: [String: String]? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let headers = headers ?? admin.headers()
        let response: HTTPResponse
        if let raw {
            response = try await RawHTTP.send(method: method, target: target, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a },
                                              body: raw, port: app.port)
        } else {
            response = try await app.send(method, target, json: json, headers: headers)
        }
        #expect(response.status == status, "\(method) \(target): \(response.text.prefix(300))", sourceLocation: sourceLocation)
        if response.status == status { covered.insert("\(method) \(pattern) \(status)") }
        guard response.header("Content-Type")?.hasPrefix("application/json") == true, !response.body.isEmpty,
              let value = try? JSONDecoder().decode(JSONValue.self, from: Data(response.body)) else { return [:] }
        // The OpenAPI document describes JSON rather than being the API's JSON.
        if (200..<300).contains(status), target != OpenAPIDocument.path {
            jsonProblems += JSONConventions.problems(in: value, at: "\(method) \(target)")
            if let schema = document.operations.first(where: { $0.method.rawValue == method && $0.path == pattern })?.returns {
                schemaChecked += 1
                schemaProblems += SchemaConformance(document: document.json).problems(value, schema).map { "\(method) \(target): \($0)" }
            }
        }
        return (try? response.json()) ?? [:]
    }

    /// 401, 403 (CSRF), 404 and 400 for one operation, each where the document lists it.
    mutating func sharedErrors(of operation: OpenAPIOperation) async throws {
        let method = operation.method.rawValue
        let statuses = operation.statuses
        let any = Self.target(operation.path) { _ in "1" }
        if statuses.contains(401) { try await check(operation.path, 401, method, any, headers: [:]) }
        if statuses.contains(403), operation.isWrite { try await check(operation.path, 403, method, any, json: [:], headers: admin.headers(csrf: false)) }
        if statuses.contains(404), !operation.pathParameterNames.isEmpty {
            let missing = Self.target(operation.path) { name in name == "name" ? "no-such-app" : name == "version" ? "0.0.0-none" : "999999" }
            if operation.method == .put, operation.path.hasSuffix(":version") {
                try await check(operation.path, 404, method, missing.replacingOccurrences(of: "0.0.0-none", with: "1.0.1"), raw: [1, 2, 3])
            } else {
                try await check(operation.path, 404, method, missing, json: Self.validBodies[operation.method.rawValue + " " + operation.path])
            }
        }
        if statuses.contains(400) {
            let target = Self.target(operation.path) { name in name == "name" ? "web" : "999999" }
            try await check(operation.path, 400, method, target, raw: Array("{".utf8))
        }
    }

    /// Bodies that pass decoding, so a 404 comes from the lookup.
    static var validBodies: [String: Any] { [
        "PATCH /api/v1/users/:id": ["name": "x"], "PUT /api/v1/users/:id/memberships/:groupID": ["role": "viewer"],
        "PATCH /api/v1/groups/:id": ["description": "x"],
        "POST /api/v1/groups/:id/enrollment-tokens": ["environmentID": "1", "uses": 1, "expiresAt": "2030-01-01T00:00:00Z"],
        "PATCH /api/v1/environments/:id": ["rank": 1], "PATCH /api/v1/machines/:id": ["datacenter": "x"],
        "PATCH /api/v1/applications/:name": ["stopCommand": "x"], "POST /api/v1/releases/:id/abort": ["mode": "finish"],
        "POST /api/v1/groups/:id/webhooks": ["url": "https://ci.example.com/hook"],
    ] }

    static func target(_ pattern: String, _ value: (String) -> String) -> String {
        "/" + pattern.split(separator: "/").map { $0.hasPrefix(":") ? value(String($0.dropFirst())) : String($0) }.joined(separator: "/")
    }
}
