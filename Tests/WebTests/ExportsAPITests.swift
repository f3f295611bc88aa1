import Core
import Foundation
import GRDB
import Storage
import Testing
@testable import Web

@Suite("GET /api/v1/exports/releases")
struct ExportsAPITests {
    @Test("CSV: a byte order mark, a header, CRLF records oldest first, and a message with a comma, quotes and a newline round-trips")
    func csvRecords() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            let response = try await scene.get("/api/v1/exports/releases?format=csv", as: "audrey")
            #expect(response.header("Content-Type") == "text/csv; charset=utf-8; header=present")
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.header("Content-Disposition")?.wholeMatch(of: /attachment; filename="capstan-releases-\d{8}T\d{6}Z\.csv"/) != nil)
            let text = try #require(response.streamedText)
            #expect(text.hasPrefix("\u{FEFF}id,application,group,version,sha256,environment,requestedBy,approvedBy,approvedAt,createdAt,"))
            let rows = try CSVParser.table(String(text.dropFirst()))
            #expect(rows.map { $0["id"] } == scene.releases.map(String.init))
            let first = rows[0]
            #expect(first["application"] == "web" && first["group"] == "Payments" && first["version"] == "1.0.0")
            #expect(first["sha256"] == String(repeating: "a", count: 64) && first["environment"] == "staging")
            #expect(first["requestedBy"] == "ci" && first["approvedBy"] == "" && first["outcome"] == "succeeded")
            #expect(first["createdAt"] == "2026-01-05T10:00:00Z" && first["startedAt"] == "2026-01-05T10:01:00Z"
                    && first["finishedAt"] == "2026-01-05T10:10:00Z")
            #expect(first["hostsSucceeded"] == "2" && first["hostsFailed"] == "0" && first["hostsUnreachable"] == "1")
            let failed = rows[1]
            #expect(failed["message"] == ExportScene.failureMessage)
            #expect(failed["approvedBy"] == "alice" && failed["outcome"] == "failed" && failed["hostsFailed"] == "1")
            #expect(failed["rolledBackBy"] == String(scene.releases[2]) && failed["rollbackOf"] == "")
            #expect(rows[2]["rollbackOf"] == String(scene.releases[1]) && rows[2]["rolledBackBy"] == "")
            #expect(rows[3]["outcome"] == "running" && rows[3]["finishedAt"] == "")
            #expect(text.contains("\"health check failed on web-1, \"\"HTTP 503\"\"\nsee the log\"\r\n"), "quoted, quotes doubled, LF kept inside")
        }
    }

    @Test("text a spreadsheet would run as a formula gets a leading ' in CSV and stays as it is in JSON")
    func formulaGuard() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            let messages = ["=HYPERLINK(\"http://evil\",\"x\")", "+1", "-2", "@SUM(A1)", "'quoted", "\tTab", "plain = fine"]
            for message in messages {
                try await app.store.write { db in
                    try db.execute(sql: "UPDATE release SET message = ? WHERE id = ?", arguments: [message, scene.releases[0]])
                }
                let csv = try await scene.csv("/api/v1/exports/releases?format=csv")
                let expected = message == "plain = fine" ? message : "'" + message
                #expect(csv[0]["message"] == expected)
                let json = try await scene.ndjson("/api/v1/exports/releases?format=ndjson")
                #expect(json[0]["message"] as? String == message)
            }
        }
    }

    @Test("JSON is one array and NDJSON one object per line, with the same records; ids are strings, absent values null")
    func jsonFormats() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            let response = try await scene.get("/api/v1/exports/releases?format=json", as: "root")
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("Content-Disposition")?.hasSuffix(".json\"") == true)
            let text = try #require(response.streamedText)
            #expect(text.hasPrefix("[\n{\"id\":\"") && text.hasSuffix("}\n]\n"))
            let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
            let ndjson = try await scene.ndjson("/api/v1/exports/releases?format=ndjson", as: "root")
            #expect(array.count == 4 && ndjson.count == 4)
            for (one, other) in zip(array, ndjson) {
                #expect(NSDictionary(dictionary: one).isEqual(to: other))
            }
            #expect(array.map { $0["id"] as? String } == scene.releases.map(String.init))
            #expect(array[1]["message"] as? String == ExportScene.failureMessage)
            #expect(array[0]["approvedBy"] is NSNull && array[0]["hostsSucceeded"] as? Int == 2)
            #expect(array[2]["rollbackOf"] as? String == String(scene.releases[1]))
            let ndjsonResponse = try await scene.get("/api/v1/exports/releases?format=ndjson", as: "root")
            #expect(ndjsonResponse.header("Content-Type") == "application/x-ndjson")
            let empty = try await scene.export("/api/v1/exports/releases?format=json&from=2030-01-01", as: "root")
            #expect(empty == "[\n]\n")
            #expect(try JSONSerialization.jsonObject(with: Data(empty.utf8)) as? [Any] != nil)
        }
    }

    @Test("from and to take dates (to: the end of that day) and RFC 3339 times; group, application and environment narrow")
    func filters() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            let ids = { (query: String) async throws -> [Int64] in
                try await scene.ndjson("/api/v1/exports/releases?format=ndjson&\(query)").map { Int64($0["id"] as! String)! }
            }
            let r = scene.releases
            #expect(try await ids("from=2026-02-01") == [r[1], r[2], r[3]])
            #expect(try await ids("to=2026-02-10") == [r[0], r[1], r[2]], "a date to includes that whole day")
            #expect(try await ids("to=2026-02-10T10:00:00Z") == [r[0], r[1]], "a time to is excluded")
            #expect(try await ids("from=2026-02-10T09:30:00Z&to=2026-02-28") == [r[1], r[2]])
            #expect(try await ids("from=2026-02-10T11:00:00%2B01:00") == [r[2], r[3]], "an offset is honoured")
            #expect(try await ids("group=Search") == [r[3]])
            #expect(try await ids("group=payments&environment=production") == [r[1], r[2]])
            #expect(try await ids("application=web&environment=staging") == [r[0]])
            #expect(try await ids("application=web&from=2026-03-01").isEmpty)
            #expect(try await ids("from=&to=&group=") == r, "empty values count as absent")
        }
    }

    @Test("bad values answer 422 with the error JSON before a byte is streamed", arguments: [
        ("format=xml", "format"), ("from=yesterday", "from"), ("from=2026-02-30", "from"), ("to=2026-13-01", "to"),
        ("from=2026-03-01&to=2026-02-01", "to"), ("from=2026-03-01&to=2026-02-28", "to"), ("group=Nope", "group"),
        ("application=nope", "application"), ("environment=nope", "environment"), ("detail=jobs", "detail"),
    ])
    func badValues(query: String, field: String) async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            let before = try await app.auditRows(limit: 1).first?.id
            let response = try await scene.get("/api/v1/exports/releases?\(query)", as: "root")
            #expect(response.status == 422)
            #expect(response.header("Content-Type") == "application/json" && response.header("Transfer-Encoding") == nil)
            let error = try response.errorObject()
            #expect(error["code"] as? String == "invalid" && error["field"] as? String == field)
            #expect(try await app.auditRows(limit: 1).first?.id == before, "a refused export is not audited")
        }
    }

    @Test("without a session or token the answer is 401")
    func needsSignIn() async throws {
        try await withRunningApp { app in
            _ = try await ExportScene.make(in: app)
            for path in ["/api/v1/exports/releases", "/api/v1/exports/audit"] {
                let response = try await app.get(path)
                #expect(try response.status == 401 && response.errorObject()["code"] as? String == "unauthorized")
            }
        }
    }

    @Test("detail=hosts gives one record per host and job, every attempt, with its times and outcome")
    func perHost() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            let response = try await scene.get("/api/v1/exports/releases?detail=hosts&application=web&environment=staging", as: "audrey")
            #expect(response.header("Content-Disposition")?.contains("capstan-release-hosts-") == true)
            let rows = try CSVParser.table(String(try #require(response.streamedText).dropFirst()))
            #expect(rows.map { "\($0["hostname"]!) \($0["attempt"]!) \($0["current"]!) \($0["outcome"]!)" }
                    == ["web-1 1 true succeeded", "web-2 1 false failed", "web-2 2 true succeeded", "web-3 1 true unreachable"])
            #expect(Set(rows.map { $0["releaseID"] }) == [String(scene.releases[0])])
            let failed = rows[1]
            #expect(failed["queuedAt"] == "2026-01-05T10:01:00Z" && failed["startedAt"] == "2026-01-05T10:01:01Z"
                    && failed["finishedAt"] == "2026-01-05T10:02:00Z")
            #expect(failed["exitCode"] == "1" && failed["message"] == "start failed" && failed["phase"] == "main" && failed["action"] == "deploy")
            #expect(failed["datacenter"] == "fra" && failed["version"] == "1.0.0" && failed["group"] == "Payments")
            let all = try await scene.ndjson("/api/v1/exports/releases?detail=hosts&format=ndjson")
            #expect(all.count == 7)
            let running = try #require(all.last)
            #expect(running["hostname"] as? String == "search-1" && running["outcome"] as? String == "running")
            #expect(running["finishedAt"] is NSNull && running["exitCode"] is NSNull && running["current"] as? Bool == true)
            #expect(all[5]["action"] as? String == "rollback")
        }
    }

    @Test("a viewer of one group sees only its rows, a user of no group none, and a group filter cannot widen that")
    func visibility() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            let r = scene.releases
            let vera = try await scene.ndjson("/api/v1/exports/releases?format=ndjson", as: "vera")
            #expect(vera.map { $0["id"] as? String } == [r[0], r[1], r[2]].map(String.init))
            let hosts = try await scene.ndjson("/api/v1/exports/releases?format=ndjson&detail=hosts", as: "vera")
            #expect(hosts.count == 6 && !hosts.contains { $0["hostname"] as? String == "search-1" })
            #expect(try await scene.ndjson("/api/v1/exports/releases?format=ndjson", as: "nobody").isEmpty)
            let hidden = try await scene.get("/api/v1/exports/releases?group=Search", as: "vera")
            #expect(try hidden.status == 422 && hidden.errorObject()["field"] as? String == "group")
            let hiddenApp = try await scene.get("/api/v1/exports/releases?application=search", as: "vera")
            #expect(try hiddenApp.status == 422 && hiddenApp.errorObject()["field"] as? String == "application")
            let audit = try await scene.get("/api/v1/exports/audit", as: "vera")
            #expect(try audit.status == 403 && audit.errorObject()["code"] as? String == "forbidden")
        }
    }

    @Test("an auditor exports every group's releases and the audit trail, and cannot deploy")
    func auditorExportsButCannotDeploy() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            #expect(try await scene.ndjson("/api/v1/exports/releases?format=ndjson", as: "audrey").count == 4)
            #expect(try await scene.ndjson("/api/v1/exports/releases?format=ndjson&detail=hosts", as: "audrey").count == 7)
            #expect(try await scene.get("/api/v1/exports/audit", as: "audrey").status == 200)
            let deploy = try await app.send("POST", "/api/v1/releases", json: ["application": "web", "version": "2.0.0", "environment": "staging"],
                                            headers: scene.headers("audrey"))
            #expect(try deploy.status == 403 && deploy.errorObject()["code"] as? String == "forbidden")
            let rollback = try await app.send("POST", "/api/v1/releases/\(scene.releases[1])/rollback", headers: scene.headers("audrey"))
            #expect(rollback.status == 403)
            #expect(try await app.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM release") } == 4)
        }
    }

    @Test("every export writes one audit row with its actor and filters")
    func exportIsAudited() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            _ = try await scene.export("/api/v1/exports/releases?format=json&from=2026-01-01&application=web&group=Payments", as: "audrey")
            var rows = try await app.auditRows(limit: 2)
            #expect(rows[0].entry.action == "release.export" && rows[0].entry.actor.hasPrefix("audrey (token "))
            #expect(rows[0].entry.detail == ["format": "json", "from": "2026-01-01", "application": "web", "group": "Payments"])
            #expect(rows[0].entry.remoteAddress == "127.0.0.1" && rows[1].entry.action != "release.export")
            _ = try await scene.export("/api/v1/exports/releases?detail=hosts&environment=staging&to=2026-02-01", as: "vera")
            rows = try await app.auditRows(limit: 1)
            #expect(rows[0].entry.action == "releaseHosts.export" && rows[0].entry.actor.hasPrefix("vera"))
            #expect(rows[0].entry.detail == ["format": "csv", "detail": "hosts", "environment": "staging", "to": "2026-02-01"])
            _ = try await scene.export("/api/v1/exports/audit?format=ndjson&from=2026-01-01T00:00:00Z", as: "root")
            rows = try await app.auditRows(limit: 1)
            #expect(rows[0].entry.action == "audit.export" && rows[0].entry.detail == ["format": "ndjson", "from": "2026-01-01T00:00:00Z"])
        }
    }

    @Test("HEAD answers an export's headers, sends no body and, having exported nothing, writes no audit row")
    func headIsNotAudited() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            let before = try await app.auditRows(limit: 1)
            for path in ["/api/v1/exports/releases?format=csv", "/api/v1/exports/audit?format=ndjson"] {
                let response = try await RawHTTP.send(method: "HEAD", target: path, headers: scene.headers("root"), port: app.port)
                #expect(response.status == 200, "\(path)")
                #expect(response.header("Content-Disposition")?.hasPrefix("attachment; filename=\"capstan-") == true)
                #expect(response.body.isEmpty)
            }
            #expect(try await app.auditRows(limit: 1).map(\.id) == before.map(\.id), "no export row")
        }
    }

    @Test("a history longer than many pages streams whole, in order, each release once")
    func manyPages() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            let extra = ReleaseExport.pageSize * 2 + 345
            try await app.store.write { db in
                let row = try Row.fetchOne(db, sql: "SELECT applicationID, packageID, environmentID, requestedBy FROM release WHERE id = ?",
                                           arguments: [scene.releases[0]])!
                for index in 0..<extra {
                    _ = try ExportScene.insertRelease(db, row["applicationID"], row["packageID"], "1.0.0", row["environmentID"], "succeeded",
                                                      by: row["requestedBy"], at: ExportScene.time("2026-04-01T00:00:00Z").addingTimeInterval(Double(index)))
                }
            }
            let ids = try await scene.csv("/api/v1/exports/releases").map { Int64($0["id"]!)! }
            #expect(ids.count == 4 + extra && ids == ids.sorted() && Set(ids).count == ids.count)
            let json = try await scene.export("/api/v1/exports/releases?format=json")
            #expect((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])?.count == 4 + extra)
        }
    }
}
