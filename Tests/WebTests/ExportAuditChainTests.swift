import Core
import Foundation
import Storage
import Testing
@testable import Web

/// The audit export checked as an auditor would, away from the server: each row's hash recomputed
/// from the exported fields, each previousHash compared with the row before.
@Suite("GET /api/v1/exports/audit")
struct ExportAuditChainTests {
    /// One exported row, read back from NDJSON or CSV.
    struct ExportedRow: Decodable {
        var id: String
        var atMs: Int64
        var actor: String
        var action: String
        var targetType: String?
        var targetID: String?
        var detail: [String: JSONValue]
        var remoteAddress: String?
        var previousHash: String
        var hash: String

        var entry: AuditEntry {
            AuditEntry(at: Date(millisecondsSince1970: atMs), actor: actor, action: action, targetType: targetType, targetID: targetID,
                       detail: detail, remoteAddress: remoteAddress)
        }
    }

    /// The first row that does not hold, starting from `start` (the genesis hash for a whole log).
    static func verify(_ rows: [ExportedRow], from start: String = AuditEntry.genesisHash) -> AuditChainBreak? {
        var previous = start
        for row in rows {
            let id = Int64(row.id)!
            guard row.previousHash == previous else { return AuditChainBreak(id: id, reason: .brokenLink) }
            guard row.entry.chainHash(previousHash: previous) == row.hash else { return AuditChainBreak(id: id, reason: .hashMismatch) }
            previous = row.hash
        }
        return nil
    }

    static func rows(ndjson text: String) throws -> [ExportedRow] {
        try text.split(separator: "\n").map { try JSONDecoder().decode(ExportedRow.self, from: Data($0.utf8)) }
    }

    /// CSV as README says to read it: an empty field is absent, one leading `'` was added, detail is JSON text.
    static func rows(csv text: String) throws -> [ExportedRow] {
        guard text.hasPrefix("\u{FEFF}") else { throw CSVParser.Failure(description: "no byte order mark") }
        return try CSVParser.table(String(text.dropFirst())).map { record in
            func field(_ name: String) -> String? {
                let value = record[name]!
                if value.isEmpty { return nil }
                return value.hasPrefix("'") ? String(value.dropFirst()) : value
            }
            return ExportedRow(id: field("id")!, atMs: Int64(field("atMs")!)!, actor: field("actor")!, action: field("action")!,
                               targetType: field("targetType"), targetID: field("targetID"),
                               detail: try JSONDecoder().decode([String: JSONValue].self, from: Data(field("detail")!.utf8)),
                               remoteAddress: field("remoteAddress"), previousHash: field("previousHash")!, hash: field("hash")!)
        }
    }

    /// Audit rows with text that tests every escape: commas, quotes, newlines, a formula, non-ASCII,
    /// nested JSON and numbers; then one export to have the server's own rows too.
    static func writeHistory(_ scene: ExportScene) async throws {
        let app = scene.app
        for index in 0..<5 {
            app.clock.advance(by: 61)
            let at = app.clock.now()
            try await app.store.write { db in
                try db.appendAudit(AuditEntry(
                    at: at, actor: index == 2 ? "=cmd|' /C calc'!A0" : "ci", action: "release.create", targetType: "release",
                    targetID: index == 3 ? nil : String(index),
                    detail: ["note": .string("a, \"quoted\"\nnote №\(index) ✓"), "hosts": .int(Int64(index)), "ratio": .double(0.25),
                             "nested": ["ok": true, "list": [1, "two", nil]]],
                    remoteAddress: index == 4 ? nil : "10.0.0.\(index)"))
            }
        }
        _ = try await scene.export("/api/v1/exports/releases", as: "root")
    }

    @Test("the NDJSON export recomputes to an intact chain from the genesis hash; a changed or removed row is found")
    func ndjsonChain() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            try await Self.writeHistory(scene)
            let response = try await scene.get("/api/v1/exports/audit?format=ndjson", as: "audrey")
            #expect(response.header("Content-Disposition")?.contains("capstan-audit-") == true)
            let rows = try Self.rows(ndjson: try #require(response.streamedText))
            let stored = try await app.store.read { db in try db.auditRecords(after: 0, limit: 100) }
            #expect(rows.map(\.id) == stored.map { String($0.id) }, "every row, oldest first, the export's own row last")
            #expect(rows.last?.action == "audit.export" && rows.last?.actor.hasPrefix("audrey") == true)
            #expect(rows[0].previousHash == AuditEntry.genesisHash)
            #expect(Self.verify(rows) == nil)

            var changed = rows
            changed[2].detail["hosts"] = .int(99)
            #expect(Self.verify(changed) == AuditChainBreak(id: Int64(rows[2].id)!, reason: .hashMismatch))
            var removed = rows
            removed.remove(at: 3)
            #expect(Self.verify(removed) == AuditChainBreak(id: Int64(rows[4].id)!, reason: .brokenLink))
        }
    }

    @Test("the CSV export, read as the README says, recomputes to the same intact chain; a changed field is found")
    func csvChain() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            try await Self.writeHistory(scene)
            let csvText = try await scene.export("/api/v1/exports/audit?format=csv", as: "root")
            #expect(csvText.contains("'=cmd|' /C calc'!A0"), "the formula is guarded in the file")
            let csv = try Self.rows(csv: csvText)
            #expect(Self.verify(csv) == nil)
            #expect(csv.first { $0.actor.hasPrefix("=") } != nil, "and comes back as it was")
            let ndjson = try Self.rows(ndjson: try await scene.export("/api/v1/exports/audit?format=ndjson", as: "root"))
            #expect(csv.map(\.hash) == ndjson.dropLast().map(\.hash), "the same rows as the NDJSON export made after it")

            var tampered = csv
            tampered[1].actor = "someone else"
            #expect(Self.verify(tampered) == AuditChainBreak(id: Int64(csv[1].id)!, reason: .hashMismatch))
        }
    }

    @Test("a ranged export is an unbroken stretch of the chain that verifies from its first previousHash")
    func rangedChain() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            try await Self.writeHistory(scene)
            let all = try Self.rows(ndjson: try await scene.export("/api/v1/exports/audit?format=ndjson", as: "root"))
            let from = RFC3339.string(Date(millisecondsSince1970: all[2].atMs))
            let to = RFC3339.string(Date(millisecondsSince1970: all[4].atMs))
            let part = try Self.rows(ndjson: try await scene.export("/api/v1/exports/audit?format=ndjson&from=\(from)&to=\(to)", as: "root"))
            #expect(part.map(\.hash) == all[2...3].map(\.hash))
            #expect(part.first?.previousHash == all[1].hash)
            #expect(Self.verify(part, from: part[0].previousHash) == nil)
            let none = try await scene.export("/api/v1/exports/audit?format=json&from=2099-01-01", as: "root")
            #expect(none == "[\n]\n")
        }
    }

    @Test("only admins and auditors export the audit trail; a token of theirs must cover every group")
    func permissions() async throws {
        try await withRunningApp { app in
            let scene = try await ExportScene.make(in: app)
            for login in ["ci", "vera", "nobody"] {
                let response = try await scene.get("/api/v1/exports/audit", as: login)
                #expect(try response.status == 403 && response.errorObject()["code"] as? String == "forbidden")
            }
            let auditor = try await app.store.read { db in try db.user(login: "audrey") }
            let narrow = try await app.makeToken(for: try #require(auditor), groups: .groups([1]))
            #expect(try await app.get("/api/v1/exports/audit", headers: ["Authorization": "Bearer \(narrow)"]).status == 403)
            let bad = try await scene.get("/api/v1/exports/audit?format=xlsx", as: "audrey")
            #expect(try bad.status == 422 && bad.errorObject()["field"] as? String == "format")
        }
    }
}
