import Core
import HTTP

/// `GET /api/v1/stats?group=&application=&environment=&from=&to=`: the summary, the per-day series
/// and the weekly delivery metrics (see `StatisticsJSON`); `GET /api/v1/versions?group=&application=&environment=`:
/// the version map. A malformed value is 422 naming the parameter; an unknown or hidden group or
/// application, or an unknown environment, is 404.
struct StatisticsAPI: Sendable {
    /// Differing hosts listed per application and environment (`differingCount` has them all).
    static let maxDiffering = 100

    let statistics: StatisticsOperations

    func stats(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let filter = Self.filter(request)
        let report = try await statistics.report(filter, caller: caller)
        return WireJSON.response(StatisticsJSON.report(report, filter: filter))
    }

    func versions(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let filter = Self.filter(request).withoutPeriod
        let map = try await statistics.versions(filter, caller: caller)
        return WireJSON.response(StatisticsJSON.versions(map, filter: filter))
    }

    /// The filter parameters as the request gave them.
    static func filter(_ request: Request) -> StatisticsOperations.Filter {
        StatisticsOperations.Filter(values: StatisticsOperations.Filter.names.reduce(into: [:]) { $0[$1] = request.query($1) ?? "" })
    }
}
