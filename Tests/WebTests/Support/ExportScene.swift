import Core
import Foundation
import GRDB
import Storage
@testable import Web

/// A release history written straight to the store, for the export tests. Groups Payments (app
/// `web`, hosts web-1..3) and Search (app `search`, host search-1); environments staging and
/// production; users `ci` and `alice` (deployers of Payments), `vera` (viewer of Payments),
/// `audrey` (auditor), `root` (admin) and `nobody` (no group). The releases, oldest first:
///
/// 1. web 1.0.0 to staging by ci, 2026-01-05, succeeded: web-1 succeeded, web-2 failed and then
///    succeeded on a retry, web-3 unreachable.
/// 2. web 2.0.0 to production by ci, approved by alice, 2026-02-10 09:30, failed on web-1 with a
///    message holding a comma, quotes and a newline.
/// 3. web 1.0.0 to production by alice, 2026-02-10 10:00, the rollback of 2, succeeded.
/// 4. search 1.0.0 to staging by root, 2026-03-01, running on search-1.
struct ExportScene {
    static let failureMessage = "health check failed on web-1, \"HTTP 503\"\nsee the log"

    let app: RunningApp
    let releases: [Int64]
    let tokens: [String: String]

    func headers(_ login: String) -> [String: String] { ["Authorization": "Bearer \(tokens[login]!)"] }

    /// `GET target` as `login`.
    func get(_ target: String, as login: String) async throws -> HTTPResponse {
        try await app.get(target, headers: headers(login))
    }

    /// The streamed body of `GET target` as `login`; fails unless it is a complete 200 stream.
    func export(_ target: String, as login: String = "audrey") async throws -> String {
        let response = try await get(target, as: login)
        guard response.status == 200, let text = response.streamedText else {
            throw RawHTTP.Failure("\(target): \(response.status) \(response.text)")
        }
        return text
    }

    /// The export as CSV records keyed by the header, after checking and dropping the byte order mark.
    func csv(_ target: String, as login: String = "audrey") async throws -> [[String: String]] {
        let text = try await export(target, as: login)
        guard text.hasPrefix("\u{FEFF}") else { throw RawHTTP.Failure("no byte order mark") }
        return try CSVParser.table(String(text.dropFirst()))
    }

    /// The export as NDJSON objects.
    func ndjson(_ target: String, as login: String = "audrey") async throws -> [[String: Any]] {
        let text = try await export(target, as: login)
        guard text.isEmpty || text.hasSuffix("\n") else { throw RawHTTP.Failure("the last line has no newline") }
        return try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw RawHTTP.Failure("not an object: \(line)")
            }
            return object
        }
    }

    static func time(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    static func make(in app: RunningApp) async throws -> ExportScene {
        let payments = try await app.makeGroup("Payments")
        let search = try await app.makeGroup("Search")
        let users: [String: User] = [
            "ci": try await app.makeUser("ci", roles: [payments: .deployer]),
            "alice": try await app.makeUser("alice", roles: [payments: .deployer]),
            "vera": try await app.makeUser("vera", roles: [payments: .viewer]),
            "audrey": try await app.makeUser("audrey", isAuditor: true),
            "root": try await app.makeUser("root", isAdmin: true),
            "nobody": try await app.makeUser("nobody"),
        ]
        var tokens: [String: String] = [:]
        for (login, user) in users { tokens[login] = try await app.makeToken(for: user) }
        let now = app.clock.now()
        let releases = try await app.store.write { db in
            let staging = try db.createEnvironment(EnvironmentDraft(name: "staging", rank: 10)).id
            let production = try db.createEnvironment(EnvironmentDraft(name: "production", rank: 20)).id
            let web = try db.createApplication(ApplicationDraft(name: "web", groupID: payments, runAs: "web", installRoot: "/srv")).id
            let searchApp = try db.createApplication(ApplicationDraft(name: "search", groupID: search, runAs: "search", installRoot: "/srv")).id
            let machine = { (name: String, group: Int64) in
                try db.createMachine(MachineDraft(hostname: name, datacenter: "fra", groupID: group, environmentID: staging), now: now).id
            }
            let (web1, web2, web3, search1) = (try machine("web-1", payments), try machine("web-2", payments), try machine("web-3", payments),
                                               try machine("search-1", search))
            let package = { (application: Int64, version: String, digit: String) -> Int64 in
                try db.execute(sql: """
                    INSERT INTO package (applicationID, version, sha256, size, storagePath, createdBy, createdAt) VALUES (?, ?, ?, 1, ?, ?, 0)
                    """, arguments: [application, version, String(repeating: digit, count: 64), "packages/\(application)/\(version)", users["root"]!.id])
                return db.lastInsertedRowID
            }
            let (web100, web200, search100) = (try package(web, "1.0.0", "a"), try package(web, "2.0.0", "b"), try package(searchApp, "1.0.0", "c"))
            let r1 = try insertRelease(db, web, web100, "1.0.0", staging, "succeeded", by: users["ci"]!.id, at: time("2026-01-05T10:00:00Z"))
            try insertJob(db, r1, web1, "succeeded", at: time("2026-01-05T10:01:00Z"))
            try insertJob(db, r1, web2, "failed", attempt: 1, isCurrent: false, at: time("2026-01-05T10:01:00Z"), exitCode: 1, message: "start failed")
            try insertJob(db, r1, web2, "succeeded", attempt: 2, at: time("2026-01-05T10:05:00Z"))
            try insertJob(db, r1, web3, "unreachable", at: time("2026-01-05T10:01:00Z"), message: "the agent went offline")
            let r2 = try insertRelease(db, web, web200, "2.0.0", production, "failed", by: users["ci"]!.id, approvedBy: users["alice"]!.id,
                                       at: time("2026-02-10T09:30:00Z"), message: failureMessage)
            try insertJob(db, r2, web1, "failed", at: time("2026-02-10T09:31:00Z"), exitCode: 1, message: "HTTP 503")
            let r3 = try insertRelease(db, web, web100, "1.0.0", production, "succeeded", by: users["alice"]!.id, at: time("2026-02-10T10:00:00Z"),
                                       rollbackOf: r2)
            try insertJob(db, r3, web1, "succeeded", action: "rollback", at: time("2026-02-10T10:01:00Z"))
            let r4 = try insertRelease(db, searchApp, search100, "1.0.0", staging, "running", by: users["root"]!.id, at: time("2026-03-01T00:00:00Z"))
            try insertJob(db, r4, search1, "running", at: time("2026-03-01T00:01:00Z"))
            return [r1, r2, r3, r4]
        }
        return ExportScene(app: app, releases: releases, tokens: tokens)
    }

    /// A release created at `at`, started a minute later and (unless running) finished ten minutes later.
    static func insertRelease(_ db: Database, _ application: Int64, _ package: Int64, _ version: String, _ environment: Int64,
                              _ state: String, by requester: Int64, approvedBy: Int64? = nil, at created: Date, rollbackOf: Int64? = nil,
                              message: String? = nil) throws -> Int64 {
        let finished = state == "running" ? nil : created.addingTimeInterval(600).millisecondsSince1970
        let target = String(decoding: try JSONEncoder().encode(AgentJob.Target(try db.application(id: application))), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO release (applicationID, packageID, version, environmentID, strategy, target, state, requestedBy, approvedBy, rollbackOf,
                createdAt, startedAt, finishedAt, message)
            VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [application, package, version, environment, target, state, requester, approvedBy, rollbackOf,
                             created.millisecondsSince1970, created.addingTimeInterval(60).millisecondsSince1970, finished, message])
        return db.lastInsertedRowID
    }

    /// A job queued at `at`, started a second later and (unless running) finished a minute later.
    static func insertJob(_ db: Database, _ release: Int64, _ machine: Int64, _ state: String, action: String = "deploy", attempt: Int = 1,
                          isCurrent: Bool = true, at queued: Date, exitCode: Int? = nil, message: String? = nil) throws {
        let finished = state == "running" ? nil : queued.addingTimeInterval(60).millisecondsSince1970
        try db.execute(sql: """
            INSERT INTO job (releaseID, machineID, batch, action, state, attempt, isCurrent, queuedAt, startedAt, finishedAt, exitCode, message)
            VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [release, machine, action, state, attempt, isCurrent, queued.millisecondsSince1970,
                             queued.addingTimeInterval(1).millisecondsSince1970, finished, exitCode, message])
    }
}
