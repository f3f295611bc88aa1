import Core
import HTTP

/// `GET /versions`: for every application and environment the caller may view (filtered by
/// `?group=&application=&environment=`), which version runs on how many hosts, and the hosts not
/// on the expected version (the newest succeeded release's there), highlighted. Up to
/// `StatisticsAPI.maxDiffering` differing hosts are named per row.
struct VersionsPage: Sendable {
    let templates: Templates
    let statistics: StatisticsOperations
    /// The filter form and how a refused filter is shown, shared with `/stats`.
    let options: StatisticsPages

    func show(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let filter = StatisticsAPI.filter(request).withoutPeriod
        return try await options.page(.versions, title: "Version map", path: "/versions", filter: filter, caller: caller) {
            let map = try await statistics.versions(filter, caller: caller)
            return ["entries": map.entries.map(Self.entry), "isEmpty": map.entries.isEmpty,
                    "hasFilters": filter.values.values.contains { !$0.isEmpty }]
        }
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
