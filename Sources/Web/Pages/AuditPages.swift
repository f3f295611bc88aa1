import Core
import HTTP

/// `GET /audit`: the audit log, newest first, with the API's filters as a form and a link to older
/// rows; for callers with `audit` (admins and auditors).
struct AuditPages: Sendable {
    let templates: Templates
    let reader: AuditReader

    func list(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        try caller.principal.require(.audit)
        let filterNames = ["actor", "action", "targetType", "targetID", "from", "to"]
        var values: [String: Any] = ["filter": Dictionary(uniqueKeysWithValues: filterNames.map { ($0, request.query($0) ?? "") })]
        var status = Status.ok
        do {
            let page = try await reader.page(for: request, caller: caller)
            values["rows"] = page.records.map { record in
                let entry = record.entry
                return ["id": String(record.id), "at": RFC3339.string(entry.at), "actor": entry.actor, "action": entry.action,
                        "target": [entry.targetType, entry.targetID].compactMap { $0 }.joined(separator: " "),
                        "detail": entry.detail.isEmpty ? "" : JSONValue.object(entry.detail).canonicalText,
                        "remoteAddress": entry.remoteAddress ?? ""]
            }
            values["isEmpty"] = page.records.isEmpty
            if let cursor = page.nextCursor {
                values["olderLink"] = "/audit" + QueryString.make(filterNames.map { ($0, request.query($0) ?? "") } + [("cursor", cursor)])
            }
        } catch let error as AppError where error.code == .invalid {
            values["error"] = error.message
            values["isEmpty"] = true
            status = .unprocessableContent
        }
        return .html(templates.render(.audit, PageContext.make(title: "Audit log", path: "/audit", caller: caller, values)), status: status)
    }
}
