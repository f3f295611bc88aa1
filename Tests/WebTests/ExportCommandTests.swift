import Core
import Foundation
import Storage
import Testing
@testable import Web

/// `capstan export releases|audit`, the built binary, against the real app.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: Repository.capstanExecutable),
                             "needs `swift build` to have built .build/debug/capstan"))
struct ExportCommandTests {
    /// Runs `capstan export arguments` as `login`; standard output as its bytes were written (reading
    /// the file as UTF-8 text would drop the byte order mark).
    static func capstan(_ arguments: [String], _ scene: ExportScene, as login: String) async throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try ChildProcess(["export"] + arguments,
                                     environment: ["CAPSTAN_URL": "http://127.0.0.1:\(scene.app.port)", "CAPSTAN_TOKEN": scene.tokens[login]!])
        let status = await child.exitStatus()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: child.directory.path + "/stdout"))
        return (status, String(decoding: bytes, as: UTF8.self), child.stderr)
    }

    @Test("export releases writes to standard output exactly what the API streams, filters passed on")
    func releases() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            let csv = try await Self.capstan(["releases", "--from", "2026-01-01", "--format", "csv"], scene, as: "audrey")
            #expect(csv.status == 0, "\(csv.stderr)")
            #expect(csv.stdout == (try await scene.export("/api/v1/exports/releases?from=2026-01-01&format=csv")))
            #expect(try CSVParser.table(String(csv.stdout.dropFirst())).count == 4)
            #expect(try await app.auditRows(limit: 2).contains { $0.entry.action == "release.export" && $0.entry.detail["from"] == "2026-01-01" })

            let hosts = try await Self.capstan(["releases", "--detail", "hosts", "--app", "web", "--env", "staging", "--group", "Payments",
                                                "--to", "2026-01-31", "--format", "ndjson"], scene, as: "vera")
            #expect(hosts.status == 0, "\(hosts.stderr)")
            let lines = hosts.stdout.split(separator: "\n")
            #expect(lines.count == 4 && lines.allSatisfy { $0.contains("\"application\":\"web\"") && $0.contains("\"environment\":\"staging\"") })
            let json = try await Self.capstan(["releases", "--format", "json"], scene, as: "vera")
            #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any])?.count == 3, "vera sees Payments only")
        }
    }

    @Test("export audit streams the chain, which verifies offline")
    func audit() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            try await ExportAuditChainTests.writeHistory(scene)
            let result = try await Self.capstan(["audit", "--format", "ndjson", "--from", "2020-01-01"], scene, as: "audrey")
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try ExportAuditChainTests.rows(ndjson: result.stdout)
            #expect(rows.count >= 7 && ExportAuditChainTests.verify(rows) == nil)
            let csv = try await Self.capstan(["audit"], scene, as: "root")
            #expect(try csv.status == 0 && ExportAuditChainTests.verify(ExportAuditChainTests.rows(csv: csv.stdout)) == nil)
        }
    }

    @Test("a long history passes through whole")
    func longHistory() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            try await app.store.write { db in
                for index in 0..<3000 {
                    try ExportScene.insertJob(db, scene.releases[0], 1, "succeeded", attempt: 10 + index, isCurrent: false,
                                              at: ExportScene.time("2026-01-05T11:00:00Z"))
                }
            }
            let result = try await Self.capstan(["releases", "--detail", "hosts", "--format", "ndjson"], scene, as: "root")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.split(separator: "\n").count == 3007)
        }
    }

    @Test("a refused export prints the server's message, writes nothing and exits 1")
    func refused() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            let cases: [(arguments: [String], login: String, message: String)] = [
                (["releases", "--from", "yesterday"], "audrey", "capstan: 422 invalid: from must be a date such as 2026-01-31"),
                (["releases", "--app", "nope"], "audrey", "capstan: 422 invalid: no application named nope"),
                (["releases", "--group", "Search"], "vera", "capstan: 422 invalid: no group named Search"),
                (["audit"], "vera", "capstan: 403 forbidden:"),
            ]
            for (arguments, login, message) in cases {
                let result = try await Self.capstan(arguments, scene, as: login)
                #expect(result.status == 1, "\(arguments)")
                #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
                #expect(result.stdout.isEmpty)
            }
        }
    }

    @Test("usage mistakes exit 64 before anything is sent; an unreachable server exits 1", arguments: [
        (["releases", "--format", "xlsx"], "The value 'xlsx' is invalid for '--format <format>'"),
        (["releases", "--detail", "jobs"], "--detail takes only hosts"),
        (["audit", "--app", "web"], "Unknown option '--app'"),
    ])
    func usage(_ arguments: [String], message: String) async throws {
        let environment = ["CAPSTAN_URL": "http://127.0.0.1:9", "CAPSTAN_TOKEN": "t"]
        let result = try await ChildProcess.run(["export"] + arguments, environment: environment)
        #expect(result.status == 64 && result.stderr.contains(message), "\(result.stderr)")
        let unreachable = try await ChildProcess.run(["export", "releases"], environment: environment)
        #expect(unreachable.status == 1 && unreachable.stderr.contains("cannot reach http://127.0.0.1:9/api/v1/exports/releases"),
                "\(unreachable.stderr)")
    }
}
