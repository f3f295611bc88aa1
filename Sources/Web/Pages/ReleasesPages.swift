import Core
import Foundation
import HTTP
import Storage

/// `GET /releases`: the releases the caller may see, newest first, `pageSize` at a time
/// (`?cursor=<id>` continues below that id), filtered by `?application=` (a name),
/// `?environment=` (a name) and `?state=`. Every view is a link.
///
/// A filter naming an unknown application, environment or state shows the message and no rows (422).
struct ReleasesPages: Sendable {
    static let pageSize = 50

    let templates: Templates
    let releases: ReleaseOperations
    let environments: EnvironmentOperations

    func list(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let filter = ["application", "environment", "state"].reduce(into: [String: String]()) { $0[$1] = request.query($1) ?? "" }
        var values: [String: Any] = ["filter": filter]
        var status = Status.ok
        do {
            let page = try await rows(filter, cursor: request.query("cursor"), caller: caller)
            values["rows"] = page.releases.map(Self.row)
            values["isEmpty"] = page.releases.isEmpty
            if let next = page.next { values["nextLink"] = Self.link(filter, cursor: next) }
            if request.query("cursor") != nil { values["firstLink"] = Self.link(filter, cursor: nil) }
        } catch let error as AppError where error.code == .invalid {
            values["error"] = error.message
            values["isEmpty"] = true
            status = .unprocessableContent
        }
        values["hasFilters"] = filter.values.contains { !$0.isEmpty }
        values["environmentOptions"] = try await environments.list().map { environment in
            ["value": environment.name, "label": environment.name, "selected": environment.name == filter["environment"]] as [String: Any]
        }
        values["stateOptions"] = Release.State.allCases.map { state in
            ["value": state.rawValue, "label": state.rawValue, "selected": state.rawValue == filter["state"]] as [String: Any]
        }
        let html = templates.render(.releases, PageContext.make(title: "Releases", path: "/releases", caller: caller, values))
        return .html(html, status: status)
    }

    private func rows(_ filter: [String: String], cursor: String?, caller: Caller) async throws -> (releases: [Release], next: String?) {
        var query = ReleaseQuery(limit: Self.pageSize)
        if let cursor {
            guard let id = Int64(cursor), id > 0 else { throw AppError(.invalid, "cursor is not one this server gave", field: "cursor") }
            query.before = id
        }
        if let text = filter["state"], !text.isEmpty {
            guard let state = Release.State(rawValue: text) else {
                throw AppError(.invalid, "state must be one of \(Release.State.allCases.map(\.rawValue).joined(separator: ", "))", field: "state")
            }
            query.states = [state]
        }
        let names = (filter["application"].flatMap { $0.isEmpty ? nil : $0 }, filter["environment"].flatMap { $0.isEmpty ? nil : $0 })
        (query.applicationID, query.environmentID) = try await releases.filterIDs(application: names.0, environment: names.1, caller: caller)
        let found = try await releases.list(query, caller: caller)
        let page = Array(found.prefix(query.limit))
        return (page, found.count > query.limit ? page.last.map { String($0.id) } : nil)
    }

    private static func row(_ release: Release) -> [String: Any] {
        var row: [String: Any] = [
            "id": String(release.id), "application": release.applicationName, "version": release.version,
            "environment": release.environmentName, "state": release.state.rawValue, "requestedBy": release.requestedByLogin,
            "createdAt": RFC3339.string(release.createdAt), "message": release.message ?? "", "isRollback": release.isRollback,
        ]
        row["finishedAt"] = release.finishedAt.map(RFC3339.string)
        return row
    }

    /// `/releases` with the same filters, at `cursor` (nil: the first page).
    private static func link(_ filter: [String: String], cursor: String?) -> String {
        let items = ["application", "environment", "state"].map { (name: $0, value: filter[$0] ?? "") }
        return "/releases" + QueryString.make(items + [(name: "cursor", value: cursor ?? "")])
    }
}
