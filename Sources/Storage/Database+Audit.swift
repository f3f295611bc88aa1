import Core
import Foundation
import GRDB

extension AuditRecord {
    init(row: Row) throws {
        let entry = AuditEntry(
            at: row.date("at"), actor: row["actor"], action: row["action"], targetType: row["targetType"],
            targetID: row["targetID"], detail: try row.json("detail"), remoteAddress: row["remoteAddress"])
        self.init(id: row["id"], entry: entry, previousHash: row["previousHash"], hash: row["hash"])
    }
}

extension Database {
    /// Appends an entry to the audit chain, in the caller's write transaction so the change and its
    /// record commit together. The single writer serialises appends, so the chain cannot fork (and
    /// `UNIQUE (previousHash)` would refuse it if it did).
    @discardableResult
    public func appendAudit(_ entry: AuditEntry) throws -> AuditRecord {
        let previousHash = try String.fetchOne(prepared("SELECT hash FROM audit ORDER BY id DESC LIMIT 1"))
            ?? AuditEntry.genesisHash
        let hash = entry.chainHash(previousHash: previousHash)
        try prepared("""
                INSERT INTO audit (at, actor, action, targetType, targetID, detail, remoteAddress, previousHash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [entry.at.millisecondsSince1970, entry.actor, entry.action, entry.targetType, entry.targetID,
                        entry.detailText, entry.remoteAddress, previousHash, hash])
        return AuditRecord(id: lastInsertedRowID, entry: entry, previousHash: previousHash, hash: hash)
    }

    /// Audit rows matching `query`, newest first. The next page passes the last row's id as `beforeID`.
    public func auditRecords(matching query: AuditQuery) throws -> [AuditRecord] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        let filters: [(String, (any DatabaseValueConvertible)?)] = [
            ("actor = ?", query.actor), ("action = ?", query.action), ("targetType = ?", query.targetType),
            ("targetID = ?", query.targetID), ("at >= ?", query.since?.millisecondsSince1970),
            ("at < ?", query.until?.millisecondsSince1970), ("id < ?", query.beforeID),
        ]
        for (condition, value) in filters {
            guard let value else { continue }
            conditions.append(condition)
            _ = arguments.append(contentsOf: [value])
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        _ = arguments.append(contentsOf: [query.limit])
        return try Row.fetchAll(self, sql: "SELECT * FROM audit \(whereClause) ORDER BY id DESC LIMIT ?", arguments: arguments)
            .map(AuditRecord.init(row:))
    }

    /// Walks the whole chain from the first row; nil when every row matches, else the first row that
    /// does not and why. Reads in batches, so memory stays flat for any length.
    public func verifyAuditChain(batchSize: Int = 1000) throws -> AuditChainBreak? {
        var previousHash = AuditEntry.genesisHash
        var lastID: Int64 = 0
        while true {
            let rows = try auditRows(after: lastID, limit: batchSize)
            guard !rows.isEmpty else { return nil }
            for row in rows {
                lastID = row["id"]
                guard let record = try? AuditRecord(row: row) else { return AuditChainBreak(id: lastID, reason: .unreadable) }
                guard record.previousHash == previousHash else { return AuditChainBreak(id: lastID, reason: .brokenLink) }
                guard record.entry.chainHash(previousHash: previousHash) == record.hash else {
                    return AuditChainBreak(id: lastID, reason: .hashMismatch)
                }
                previousHash = record.hash
            }
        }
    }

    /// Audit rows oldest first (the chain's order), with ids above `after` and up to `through`:
    /// one page of an export.
    public func auditRecords(after: Int64, through: Int64 = .max, limit: Int) throws -> [AuditRecord] {
        try auditRows(after: after, through: through, limit: limit).map(AuditRecord.init(row:))
    }

    /// The ids of the first row at or after `since` and the last row before `until` (either end
    /// open when nil); nil when no row falls between. An export covers every row between the two,
    /// so it is an unbroken stretch of the chain even where clocks made `at` go backwards.
    public func auditIDRange(since: Date?, until: Date?) throws -> ClosedRange<Int64>? {
        let first = try Int64.fetchOne(prepared("SELECT min(id) FROM audit WHERE at >= ?"), arguments: [since?.millisecondsSince1970 ?? .min])
        let last = try Int64.fetchOne(prepared("SELECT max(id) FROM audit WHERE at < ?"), arguments: [until?.millisecondsSince1970 ?? .max])
        guard let first, let last, first <= last else { return nil }
        return first...last
    }

    private func auditRows(after: Int64, through: Int64 = .max, limit: Int) throws -> [Row] {
        try Row.fetchAll(prepared("SELECT * FROM audit WHERE id > ? AND id <= ? ORDER BY id LIMIT ?"), arguments: [after, through, limit])
    }
}
