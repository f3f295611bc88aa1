import Core
import Foundation
import Testing
@testable import Web

/// "Every documented status is one the route can give": for each documented (operation, status)
/// pair, a real request to a real server that gets exactly that status.
///
/// Four rules cover the shared errors of every operation at once (401 without credentials; 403 for
/// a write with a session and no CSRF token; 404 for an unknown id or name in the path; 400 for an
/// unparsable JSON body); the table below gives the rest, in an order that builds what the next
/// line needs. A documented pair with no example fails the test unless it is on `uncovered`, the
/// named list of pairs left to other suites (each says which), so the list can only shrink.
@Suite(.serialized)
struct OpenAPIStatusTests {
    /// Pairs checked elsewhere or not provokable here, and why.
    static let uncovered: Set<String> = [
        "POST /api/v1/releases/:id/approve 200",        // ReleasesAPITests: needs a protected environment with machines
        "PUT /api/v1/applications/:name/packages/:version 413",  // PackageUploadFailureTests (--max-package-size)
        "PUT /api/v1/applications/:name/packages/:version 507",  // PackageUploadFailureTests (a full disk)
    ]

    @Test("each documented status of each operation has a request that gets it")
    func documentedStatuses() async throws {
        try await withRunningApp { app in
            var run = try await StatusRun.make(in: app)
            let operations = OpenAPIDocument().operations
            for operation in operations { try await run.sharedErrors(of: operation) }
            try await run.examples()
            let documented = Set(operations.flatMap { operation in operation.statuses.map { "\(operation.method.rawValue) \(operation.path) \($0)" } })
            #expect(run.covered.subtracting(documented).sorted() == [], "examples for statuses the document does not list")
            #expect(documented.subtracting(run.covered).subtracting(Self.uncovered).sorted() == [], "documented statuses no request showed")
            #expect(Self.uncovered.subtracting(documented).sorted() == [], "uncovered pairs that are not documented")
            #expect(Self.uncovered.intersection(run.covered).sorted() == [], "pairs on the uncovered list that now have an example")
            #expect(run.jsonProblems == [], "answers breaking the JSON conventions")
            #expect(run.schemaProblems == [], "answers that do not match their documented schema")
            #expect(run.schemaChecked >= 50, "\(run.schemaChecked) answers held to their schema")
            #expect(documented.count >= 291, "\(documented.count) documented pairs, \(run.covered.count) shown")
        }
    }
}
