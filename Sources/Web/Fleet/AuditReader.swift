import Core
import Foundation
import HTTP
import Storage

/// Reads the audit log for the API and the page: needs `audit` (admins and auditors, and their
/// tokens that cover all groups). Filters come from query parameters: `actor`, `action`,
/// `targetType`, `targetID`, `from` and `to` (RFC 3339; `to` excluded), `cursor`, `limit`.
struct AuditReader: Sendable {
    static let pageSize = 100
    let store: Store

    /// One page, newest first, and the cursor of the next page when there is one.
    func page(for request: Request, caller: Caller) async throws -> (records: [AuditRecord], nextCursor: String?) {
        try caller.principal.require(.audit)
        var query = try Self.query(from: request)
        let limit = query.limit
        query.limit = limit + 1
        let fetched = query
        var records = try await store.read { db in try db.auditRecords(matching: fetched) }
        guard records.count > limit else { return (records, nil) }
        records.removeLast(records.count - limit)
        return (records, records.last.map { String($0.id) })
    }

    static func query(from request: Request) throws(AppError) -> AuditQuery {
        func value(_ name: String) -> String? {
            request.query(name).flatMap { $0.isEmpty ? nil : $0 }
        }
        func date(_ name: String) throws(AppError) -> Date? {
            guard let text = value(name) else { return nil }
            guard let date = RFC3339.date(text) else {
                throw AppError(.invalid, "\(name) must be an RFC 3339 time such as 2025-01-31T12:00:00Z", field: name)
            }
            return date
        }
        var query = AuditQuery(actor: value("actor"), action: value("action"), targetType: value("targetType"),
                               targetID: value("targetID"), since: try date("from"), until: try date("to"))
        if let cursor = value("cursor") {
            guard let id = Int64(cursor), id > 0 else {
                throw AppError(.invalid, "cursor is not one this server issued", field: "cursor")
            }
            query.beforeID = id
        }
        query.limit = pageSize
        if let text = value("limit") {
            guard let limit = Int(text), (1..<AuditQuery.maxLimit).contains(limit) else {
                throw AppError(.invalid, "limit must be a whole number from 1 to \(AuditQuery.maxLimit - 1)", field: "limit")
            }
            query.limit = limit
        }
        return query
    }
}
