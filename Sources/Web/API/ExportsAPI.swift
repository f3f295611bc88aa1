import Core
import Foundation
import HTTP
import Storage

/// `GET /api/v1/exports/releases` (`?detail=hosts` for one record per host and job) and
/// `GET /api/v1/exports/audit`: history for auditors, streamed in constant memory (see
/// `ReleaseExport`, `AuditExport`, `ExportParameters`). Everything is checked before the first
/// byte, so a bad request gets its error JSON; each export is itself audited, with the filters.
/// The audit trail needs `audit` (admins and auditors); releases are limited to what the caller
/// may view.
struct ExportsAPI: Sendable {
    let store: Store
    let now: @Sendable () -> Date

    func releases(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let parameters = try ExportParameters(from: request)
        let perHost: Bool
        switch ExportParameters.value("detail", in: request) {
        case nil: perHost = false
        case "hosts": perHost = true
        default: throw AppError(.invalid, "detail must be hosts (or absent for one record per release)", field: "detail")
        }
        let (query, audited, bounds) = try await store.read { db in
            var (query, audited) = try ReleaseExport.query(for: request, principal: caller.principal, db)
            query.since = parameters.since
            query.until = parameters.until
            return (query, audited, try db.releaseExportBounds())
        }
        var detail = parameters.audited.merging(audited) { first, _ in first }
        if perHost { detail["detail"] = "hosts" }
        let filename = try await record(caller, perHost ? "releaseHosts.export" : "release.export", detail: detail, request)
        let export = ReleaseExport(store: store)
        return perHost
            ? export.hosts(query, throughID: bounds.job).response(format: parameters.format, filename: "capstan-release-hosts-\(filename)")
            : export.releases(query, throughID: bounds.release).response(format: parameters.format, filename: "capstan-releases-\(filename)")
    }

    func audit(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        try caller.principal.require(.audit)
        let parameters = try ExportParameters(from: request)
        let filename = try await record(caller, "audit.export", detail: parameters.audited, request)
        // After the export's own row, so an export up to now ends with it.
        let range = try await store.read { db in try db.auditIDRange(since: parameters.since, until: parameters.until) }
        return AuditExport(store: store).rows(in: range).response(format: parameters.format, filename: "capstan-audit-\(filename)")
    }

    /// Appends the export's audit row; returns the time stamp for its file name (`20260131T120000Z`).
    /// A `HEAD` exports nothing (the server sends no body), so it is not recorded.
    private func record(_ caller: Caller, _ action: String, detail: [String: JSONValue], _ request: Request) async throws -> String {
        let now = now()
        if request.method != .head {
            try await store.write(invalidatingCredentials: false) { db in try db.appendAudit(caller.auditEntry(at: now, action: action, detail: detail)) }
        }
        return RFC3339.string(now).filter { $0 != "-" && $0 != ":" }
    }
}
