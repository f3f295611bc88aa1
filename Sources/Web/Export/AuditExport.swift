import Core
import Foundation
import Storage

/// The audit trail export: every row between `from` and `to` in chain order (oldest first), each
/// with the hash it was written with and the hash of the row before it, so the chain can be checked
/// away from the server.
///
/// `atMs` is the time as the hash covers it (unix milliseconds); `detail` is an object in JSON and
/// its canonical text in CSV. The rows are the unbroken stretch of the chain from the first row at
/// or after `from` to the last row before `to`, and end where the log stood when the export began.
struct AuditExport: Sendable {
    static let columns = ["id", "at", "atMs", "actor", "action", "targetType", "targetID", "detail", "remoteAddress",
                          "previousHash", "hash"]
    static let pageSize = 1000

    let store: Store

    /// Every row in `range`, oldest first; nil exports nothing.
    func rows(in range: ClosedRange<Int64>?) -> ExportSource<AuditRecord> {
        ExportSource(columns: Self.columns, page: { [store] after in
            guard let range else { return [] }
            let start = max(after, range.lowerBound - 1)
            return try await store.read { db in try db.auditRecords(after: start, through: range.upperBound, limit: Self.pageSize) }
        }, key: \.id, record: Self.record)
    }

    static func record(_ record: AuditRecord) -> [ExportValue] {
        let entry = record.entry
        return [.id(record.id), .time(entry.at), .number(Int(entry.at.millisecondsSince1970)), .text(entry.actor), .text(entry.action),
                .text(entry.targetType), .text(entry.targetID), .json(.object(entry.detail)), .text(entry.remoteAddress),
                .text(record.previousHash), .text(record.hash)]
    }
}
