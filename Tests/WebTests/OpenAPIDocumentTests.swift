import Core
import Foundation
import HTTP
import Testing
@testable import Web

/// The OpenAPI document against the router it describes, against the OpenAPI 3.1 rules (checked
/// here in Swift, and by the PyPI `openapi-spec-validator` through `.ci/openapi-validate`), and
/// against the API's JSON conventions (ids as strings, times as RFC 3339 UTC).
@Suite(.serialized)
struct OpenAPIDocumentTests {
    let document = OpenAPIDocument().json

    /// `METHOD pattern` of every documented operation.
    static func documented(_ document: OpenAPIDocument) -> Set<String> {
        Set(document.operations.map { "\($0.method.rawValue) \($0.path)" })
    }

    /// Registered `/api/v1` routes the document lacks, and documented operations the router lacks.
    static func differences(routes: [Router.Route], document: OpenAPIDocument) -> (undocumented: [String], unrouted: [String]) {
        let registered = Set(routes.map { "\($0.method.rawValue) \($0.pattern)" })
        let api = registered.filter { $0.split(separator: " ")[1].hasPrefix("/api/v1/") }
        let documented = documented(document)
        return (api.subtracting(documented).sorted(), documented.subtracting(registered).sorted())
    }

    @Test("every /api/v1 route the server registers is in the document, and every documented operation is a route")
    func everyRouteIsDocumented() async throws {
        try await withRunningApp { app in
            let routes = app.app.routes
            #expect(routes.filter { $0.pattern.hasPrefix("/api/v1/") }.count >= 60, "the whole route table, releases and jobs included")
            let (undocumented, unrouted) = Self.differences(routes: routes, document: OpenAPIDocument())
            #expect(undocumented == [], "routes missing from the OpenAPI document")
            #expect(unrouted == [], "documented operations no route answers")
            // The check can fail: without an area, its routes are reported.
            let partial = OpenAPIDocument(areas: OpenAPIDocument.areas.filter { $0.tag != "webhooks" })
            #expect(Self.differences(routes: routes, document: partial).undocumented == [
                "DELETE /api/v1/groups/:id/webhooks/:webhookID", "GET /api/v1/groups/:id/webhooks",
                "GET /api/v1/groups/:id/webhooks/:webhookID/deliveries", "POST /api/v1/groups/:id/webhooks",
            ])
            var extra = OpenAPIDocument.areas
            extra.append(OpenAPIArea(tag: "x", description: "x", operations: [.get("/api/v1/nothing", "none", returns: JSONSchema.string)]))
            #expect(Self.differences(routes: routes, document: OpenAPIDocument(areas: extra)).unrouted == ["GET /api/v1/nothing"])
        }
    }

    @Test("GET /api/openapi.json answers the document to a token holder and 401 to anyone else")
    func servedBehindSignIn() async throws {
        try await withRunningApp { app in
            let anonymous = try await app.get(OpenAPIDocument.path)
            #expect(anonymous.status == 401)
            let response = try await app.get(OpenAPIDocument.path, headers: try await app.adminTokenHeaders())
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            let served = try JSONDecoder().decode(JSONValue.self, from: Data(response.body))
            #expect(served == document)
        }
    }

    @Test("the document keeps the OpenAPI 3.1 rules: $refs resolve, path templates match their parameters, ids and security are declared")
    func structurallyValid() throws {
        let problems = OpenAPIStructure.problems(in: document)
        #expect(problems == [])
        // The checker finds what it looks for.
        guard case .object(var broken) = document, case .object(var paths) = broken["paths"] else { Issue.record("no paths"); return }
        paths["/api/v1/broken/{id}"] = ["get": ["operationId": "get_groups", "responses": ["200": ["$ref": "#/components/responses/999"]]]]
        broken["paths"] = .object(paths)
        let found = OpenAPIStructure.problems(in: .object(broken))
        #expect(found.contains("unresolved $ref #/components/responses/999"))
        #expect(found.contains("GET /api/v1/broken/{id}: no path parameter id"))
        #expect(found.contains("duplicate operationId get_groups"))
    }

    @Test("every schema spells ids as the ID string and times as the RFC 3339 UTC Timestamp")
    func schemaConventions() throws {
        #expect(OpenAPIStructure.conventionProblems(in: document) == [])
        let bad: JSONValue = ["components": ["schemas": ["X": JSONSchema.object(["machineID": JSONSchema.integer, "seenAt": JSONSchema.string])]]]
        #expect(OpenAPIStructure.conventionProblems(in: bad) == ["X.machineID is not an ID", "X.seenAt is not a Timestamp"])
    }

    @Test("the schema checker the status tests use refuses what does not match")
    func conformanceCheckerBites() {
        let checker = SchemaConformance(document: document)
        let group: JSONValue = ["id": "3", "name": "Payments", "parentID": .null, "description": ""]
        #expect(checker.problems(group, JSONSchema.ref("Group")) == [])
        #expect(checker.problems(["id": 3, "name": "Payments", "parentID": .null, "description": ""], JSONSchema.ref("Group"))
            == ["$.id: 3 is not string"])
        #expect(checker.problems(["id": "3", "name": "Payments", "description": ""], JSONSchema.ref("Group")) == ["$: no parentID"])
        #expect(checker.problems(["items": [group], "nextCursor": 7], JSONSchema.page(of: JSONSchema.ref("Group"))).count == 1)
    }

    static var validatorAvailable: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import openapi_spec_validator"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test("openapi-spec-validator accepts the document as OpenAPI 3.1",
          .enabled(if: validatorAvailable, "python3 module openapi_spec_validator missing here (pip install openapi-spec-validator; .ci/run installs it)"))
    func validatorAccepts() async throws {
        let directory = try TemporaryDirectory()
        try directory.write(String(decoding: JSONBody.encode(document), as: UTF8.self), to: "openapi.json")
        let script = Repository.root.appendingPathComponent(".ci/openapi-validate").path
        let child = try ChildProcess([directory.path + "/openapi.json"], executable: script)
        let status = await child.exitStatus()
        #expect(status == 0, "\(child.stderr)")
        #expect(child.stdout.hasPrefix("valid OpenAPI 3.1.0"))
        // And it refuses a broken one, so the pass above means something.
        try directory.write(#"{"openapi":"3.1.0","info":{"title":"x"},"paths":{"/a":{"get":{"responses":{"200":{}}}}}}"#, to: "bad.json")
        let refused = try ChildProcess([directory.path + "/bad.json"], executable: script)
        #expect(await refused.exitStatus() == 1)
    }
}
