import Core
import Foundation
import HTTP

/// `GET /stats`: the filter form (group, application, environment, from, to; the last 30 days by
/// default), the summary, releases per day and durations as SVG charts with tables of the same
/// numbers, and the weekly delivery metrics. A refused filter shows its message next to the field
/// (404 for an unknown group, application or environment, 422 for a malformed value).
struct StatisticsPages: Sendable {
    let templates: Templates
    let statistics: StatisticsOperations
    let groups: GroupOperations
    let environments: EnvironmentOperations

    func show(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let filter = StatisticsAPI.filter(request)
        return try await page(.stats, title: "Statistics", path: "/stats", filter: filter, caller: caller) {
            let report = try await statistics.report(filter, caller: caller)
            return ["report": StatisticsView(report: report, filter: filter).context,
                    "filter": filter.values.merging(["from": StatisticsPeriod.dayText(report.period.start),
                                                     "to": StatisticsPeriod.dayText(report.period.lastDay)]) { $1 }]
        }
    }

    /// `name` with the filter form and what `content` gives, or, when the filter is refused, the
    /// message next to its field (404 for what the caller cannot see or does not exist, else 422).
    func page(_ name: Templates.Name, title: String, path: String, filter: StatisticsOperations.Filter, caller: Caller,
              content: () async throws -> [String: Any]) async throws -> Response {
        var values: [String: Any] = ["filter": filter.values]
        var status = Status.ok
        do {
            values.merge(try await content()) { $1 }
        } catch let error as AppError where error.code == .invalid || error.code == .notFound {
            values.merge(PageContext.errors(error)) { $1 }
            status = error.code == .notFound ? .notFound : .unprocessableContent
        }
        values.merge(try await options(filter, caller: caller)) { $1 }
        return .html(templates.render(name, PageContext.make(title: title, path: path, caller: caller, values)), status: status)
    }

    /// The group and environment choices, the filter's marked.
    func options(_ filter: StatisticsOperations.Filter, caller: Caller) async throws -> [String: Any] {
        let groupOptions = try await groups.list(caller: caller).map { group in
            ["value": String(group.id), "label": group.name, "selected": String(group.id) == filter["group"]] as [String: Any]
        }
        let environmentOptions = try await environments.list().map { environment in
            ["value": environment.name, "label": environment.name, "selected": environment.name == filter["environment"]] as [String: Any]
        }
        return ["groupOptions": groupOptions, "environmentOptions": environmentOptions]
    }
}
