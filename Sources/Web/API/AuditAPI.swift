import Core
import HTTP

/// `GET /api/v1/audit`: the audit log, newest first, for callers with `audit` (admins and auditors).
/// Filters are `AuditReader`'s; `nextCursor` continues to older rows.
struct AuditAPI: Sendable {
    let reader: AuditReader

    func list(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let page = try await reader.page(for: request, caller: caller)
        return .json(JSONBody.encode(ListJSON(items: page.records.map(AuditRecordJSON.init), nextCursor: page.nextCursor)))
    }
}

/// One audit row as the API writes it, with its place in the hash chain.
private struct AuditRecordJSON: Encodable {
    let id: String
    let at: String
    let actor: String
    let action: String
    let targetType: JSONValue
    let targetID: JSONValue
    let detail: [String: JSONValue]
    let remoteAddress: JSONValue
    let hash: String
    let previousHash: String

    init(_ record: AuditRecord) {
        let entry = record.entry
        id = String(record.id)
        at = RFC3339.string(entry.at)
        actor = entry.actor
        action = entry.action
        targetType = entry.targetType.map(JSONValue.string) ?? .null
        targetID = entry.targetID.map(JSONValue.string) ?? .null
        detail = entry.detail
        remoteAddress = entry.remoteAddress.map(JSONValue.string) ?? .null
        hash = record.hash
        previousHash = record.previousHash
    }
}
