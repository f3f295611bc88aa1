import Core
import HTTP

/// `GET /versions`: for every application and environment the caller may view (filtered by
/// `?group=&application=&environment=`), which version runs on how many hosts, and the hosts not
/// on the expected version (the newest succeeded release's there), highlighted. Up to
/// `StatisticsAPI.maxDiffering` differing hosts are named per row.
struct VersionsPage: Sendable {
    let templates: Templates
    let statistics: StatisticsOperations
    let options: StatisticsPages

    func show(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        var filter = StatisticsAPI.filter(request)
        filter.values["from"] = nil
        filter.values["to"] = nil
        var values: [String: Any] = ["filter": filter.values]
        var status = Status.ok
        do {
            let map = try await statistics.versions(filter, caller: caller)
            values["entries"] = map.entries.map(Self.entry)
            values["isEmpty"] = map.entries.isEmpty
            values["hasFilters"] = filter.values.values.contains { !$0.isEmpty }
        } catch let error as AppError where error.code == .invalid || error.code == .notFound {
            values.merge(PageContext.errors(error)) { $1 }
            status = error.code == .notFound ? .notFound : .unprocessableContent
        }
        values.merge(try await options.options(filter, caller: caller)) { $1 }
        let html = templates.render(.versions, PageContext.make(title: "Version map", path: "/versions", caller: caller, values))
        return .html(html, status: status)
    }

    private static func entry(_ entry: VersionMap.Entry) -> [String: Any] {
        let differing = entry.differing.prefix(StatisticsAPI.maxDiffering)
        // Absent keys, not empty strings or zeros: Mustache takes those for true.
        var row: [String: Any] = [
            "application": entry.applicationName, "environment": entry.environmentName,
            "hosts": entry.hostCount, "differingCount": entry.differing.count, "isConsistent": entry.differing.isEmpty,
            "versions": entry.versions.map { item in
                ["version": item.version ?? "", "none": item.version == nil, "hosts": item.hosts,
                 "isExpected": item.version == entry.expectedVersion] as [String: Any]
            },
            "differing": differing.map { host in
                var item: [String: Any] = ["id": String(host.machineID), "hostname": host.hostname]
                item["runs"] = host.version
                return item
            },
        ]
        row["expected"] = entry.expectedVersion
        if entry.differing.count > differing.count { row["more"] = entry.differing.count - differing.count }
        return row
    }
}
