import Core
import Foundation
import GRDB
import Testing
@testable import Storage

struct AuditStorageTests {
    let store: Store
    let now = Date(millisecondsSince1970: 1_700_000_000_000)
    init() throws { store = try .temporary() }

    func append(_ count: Int) throws -> [AuditRecord] {
        try store.write { db in try (0..<count).map { i in try db.appendAudit(entry(i)) } }
    }

    func entry(_ i: Int) -> AuditEntry {
        let actor = i % 2 == 0 ? "alice" : "bob"
        let action = i % 3 == 0 ? "signIn.failed" : "machine.update"
        let detail: [String: JSONValue] = ["n": .int(Int64(i)), "note": "x"]
        return AuditEntry(
            at: now.addingTimeInterval(Double(i)), actor: actor, action: action, targetType: "machine",
            targetID: String(i), detail: detail, remoteAddress: "10.0.0.\(i)")
    }

    @Test("appends a chain from the genesis hash, and the chain verifies")
    func appendAndVerify() throws {
        let records = try append(5)
        #expect(records[0].previousHash == AuditEntry.genesisHash)
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.hash == $1.previousHash })
        #expect(try store.read { db in try db.verifyAuditChain() } == nil)
        #expect(try store.read { db in try db.verifyAuditChain(batchSize: 2) } == nil)
        #expect(try store.read { db in try db.verifyAuditChain() } == nil)
    }

    @Test("every kind of detail value reads back as it was written, so the chain still verifies", arguments: [
        ["whole": .double(1.0)], ["fraction": .double(0.5)], ["big": .double(1e300)], ["int": .int(-7)], ["max": .int(.max)],
        ["nested": .array([.double(2.0), .object(["x": .double(-3.0)]), .null, .bool(false)])],
    ] as [[String: JSONValue]])
    func detailRoundTrips(detail: [String: JSONValue]) throws {
        let entry = AuditEntry(at: now, actor: "alice", action: "test", detail: detail)
        let written = try store.write { db in try db.appendAudit(entry) }
        let read = try store.read { db in try db.auditRecords(matching: AuditQuery(limit: 1)) }
        #expect(read.first?.entry.detail == detail)
        #expect(read.first?.hash == written.hash)
        #expect(try store.read { db in try db.verifyAuditChain() } == nil)
    }

    @Test("lists newest first with filters and an id cursor")
    func listing() throws {
        let records = try append(10)
        let read = { (query: AuditQuery) in try store.read { db in try db.auditRecords(matching: query) } }
        #expect(try read(AuditQuery(limit: 3)).map(\.id) == records.suffix(3).reversed().map(\.id))
        #expect(try read(AuditQuery(beforeID: records[3].id)).map(\.id) == records.prefix(3).reversed().map(\.id))
        #expect(try read(AuditQuery(actor: "bob", action: "signIn.failed")).map(\.entry.targetID) == ["9", "3"])
        #expect(try read(AuditQuery(since: now.addingTimeInterval(8))).count == 2)
        #expect(try read(AuditQuery(targetType: "machine", targetID: "4")).first == records[4])
    }

    @Test("a row changed behind the triggers' back is named by verify")
    func tamperedDetail() throws {
        let records = try append(6)
        try store.write { db in
            try db.execute(sql: "DROP TRIGGER auditIsAppendOnlyOnUpdate")
            try db.execute(sql: #"UPDATE audit SET detail = '{"n":3,"note":"y"}' WHERE id = ?"#, arguments: [records[3].id])
        }
        #expect(try store.read { db in try db.verifyAuditChain() } == AuditChainBreak(id: records[3].id, reason: .hashMismatch))
    }

    @Test("a deleted row is named by the row after it")
    func deletedRow() throws {
        let records = try append(4)
        try store.write { db in
            try db.execute(sql: "DROP TRIGGER auditIsAppendOnlyOnDelete")
            try db.execute(sql: "DELETE FROM audit WHERE id = ?", arguments: [records[1].id])
        }
        let chainBreak = try store.read { db in try db.verifyAuditChain() }
        #expect(chainBreak == AuditChainBreak(id: records[2].id, reason: .brokenLink))
        #expect(chainBreak?.description.contains("row \(records[2].id)") == true)
    }
}
