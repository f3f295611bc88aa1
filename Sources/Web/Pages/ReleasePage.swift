import Core
import Foundation
import HTTP

/// `GET /releases/{id}`: a release's header, its counts per batch and state, its hosts
/// (`hostsPerPage` at a time, failures first; `?state=` narrows to one job state, `?page=` pages on)
/// and the actions the caller may take; `Public/capstan.js` keeps the numbers live.
///
/// The action forms (`ReleaseActionPages`) show this page again with a refusal's message at the top.
struct ReleasePage: Sendable {
    static let hostsPerPage = 50

    let templates: Templates
    let releases: ReleaseOperations

    /// Which hosts the page lists.
    struct HostFilter: Sendable {
        var state: Job.State?
        var page = 1

        static func from(_ request: Request) throws(AppError) -> HostFilter {
            var filter = HostFilter()
            if let text = request.query("state"), !text.isEmpty {
                guard let state = Job.State(rawValue: text) else {
                    throw AppError(.invalid, "state must be one of \(Job.State.allCases.map(\.rawValue).joined(separator: ", "))", field: "state")
                }
                filter.state = state
            }
            if let text = request.query("page"), !text.isEmpty {
                guard let page = Int(text), (1...1_000_000).contains(page) else { throw AppError(.invalid, "page must be a page number", field: "page") }
                filter.page = page
            }
            return filter
        }

        func link(_ id: Int64, page: Int) -> String {
            "/releases/\(id)" + QueryString.make([("state", state?.rawValue ?? ""), ("page", page == 1 ? "" : String(page))])
        }
    }

    func show(_ request: Request) async throws -> Response {
        try await render(try request.caller(), try request.id(noun: "release"), hosts: try HostFilter.from(request))
    }

    /// The page of release `id`, with `error` (a refused action) at the top.
    func render(_ caller: Caller, _ id: Int64, hosts filter: HostFilter = HostFilter(), error: AppError? = nil) async throws -> Response {
        let detail = try await releases.detail(id, caller: caller)
        let release = detail.release
        let offset = (filter.page - 1) * Self.hostsPerPage
        let hosts = try await releases.hosts(id, state: filter.state, offset: offset, limit: Self.hostsPerPage + 1, caller: caller)
        let shown = hosts.prefix(Self.hostsPerPage)
        var values = ReleaseView.header(release)
        values["counts"] = ReleaseView.counts(release, detail.tally)
        values["hosts"] = shown.map(ReleaseView.host)
        let matching = filter.state.map { state in Job.Phase.allCases.reduce(0) { $0 + detail.tally.count($1, state: state) } }
            ?? Job.Phase.allCases.reduce(0) { $0 + detail.tally.total($1) }
        values["hostRange"] = shown.isEmpty ? "" : "\(offset + 1)–\(offset + shown.count) of \(matching)"
        values["stateOptions"] = Job.State.allCases.map { state in
            let count = Job.Phase.allCases.reduce(0) { $0 + detail.tally.count($1, state: state) }
            return ["value": state.rawValue, "label": "\(state.rawValue) (\(count))", "selected": state == filter.state] as [String: Any]
        }
        if hosts.count > Self.hostsPerPage { values["nextLink"] = filter.link(id, page: filter.page + 1) }
        if filter.page > 1 { values["previousLink"] = filter.link(id, page: filter.page - 1) }
        values["actions"] = ReleaseView.actions(release, caller: caller)
        if let error { values["error"] = error.message }
        let context = PageContext.make(title: "Release \(id): \(release.applicationName) \(release.version)", path: "/releases",
                                       caller: caller, values)
        return .html(templates.render(.release, context), status: error.map(PageContext.refusalStatus) ?? .ok)
    }
}
