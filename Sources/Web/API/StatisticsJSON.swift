import Core
import Foundation

/// The JSON of `/api/v1/stats` and `/api/v1/versions`: days as `YYYY-MM-DD` (UTC), durations in
/// seconds (to the millisecond), rates as fractions from 0 to 1 (four decimals), null where there
/// is nothing to measure.
enum StatisticsJSON {
    static func report(_ report: StatisticsOperations.Report, filter: StatisticsOperations.Filter) -> JSONValue {
        let statistics = report.releases
        return [
            "filter": filterJSON(filter, period: report.period),
            "summary": summary(statistics),
            "days": .array(statistics.days.map { day in
                var value = counts(day.counts)
                value["date"] = .string(StatisticsPeriod.dayText(day.date))
                value["durationSeconds"] = durations(day.durations)
                return .object(value)
            }),
            "delivery": delivery(report),
        ]
    }

    static func filterJSON(_ filter: StatisticsOperations.Filter, period: StatisticsPeriod?) -> JSONValue {
        var value: [String: JSONValue] = [:]
        for name in ["group", "application", "environment"] { value[name] = filter[name].map(JSONValue.string) ?? .null }
        if let period {
            value["from"] = .string(StatisticsPeriod.dayText(period.start))
            value["to"] = .string(StatisticsPeriod.dayText(period.lastDay))
        }
        return .object(value)
    }

    private static func summary(_ statistics: ReleaseStatistics) -> JSONValue {
        var value = counts(statistics.counts)
        value["successRate"] = rate(statistics.counts.successRate)
        value["durationSeconds"] = durations(statistics.durations)
        value["hostsDeployed"] = .int(Int64(statistics.hostsDeployed))
        value["mostCommonFailingStep"] = statistics.mostCommonFailingStep.map { .string($0.rawValue) } ?? .null
        value["failingSteps"] = .array(statistics.failingSteps.map { ["step": .string($0.step.rawValue), "count": .int(Int64($0.count))] })
        return .object(value)
    }

    private static func counts(_ counts: ReleaseStatistics.Counts) -> [String: JSONValue] {
        var value: [String: JSONValue] = ["started": .int(Int64(counts.started))]
        for outcome in Release.Outcome.allCases { value[outcome.rawValue] = .int(Int64(counts[outcome])) }
        return value
    }

    private static func durations(_ durations: ReleaseStatistics.Durations) -> JSONValue {
        ["p50": seconds(durations.p50), "p95": seconds(durations.p95)]
    }

    private static func delivery(_ report: StatisticsOperations.Report) -> JSONValue {
        let trends = report.delivery.trends
        return [
            "environment": report.deliveryEnvironment.map { .string($0.name) } ?? .null,
            "weeks": .array(report.delivery.weeks.map(week)),
            "trend": [
                "deployments": trend(trends.deployments), "leadTimeSeconds": trend(trends.leadTime),
                "changeFailureRate": trend(trends.changeFailureRate, rate: true), "timeToRestoreSeconds": trend(trends.timeToRestore),
            ],
        ]
    }

    private static func week(_ week: DeliveryMetrics.Week) -> JSONValue {
        [
            "start": .string(StatisticsPeriod.dayText(week.interval.start)), "isComplete": .bool(week.isComplete),
            "deployments": .int(Int64(week.deployments)), "leadTimeSeconds": seconds(week.leadTime),
            "changes": .int(Int64(week.changes)), "failedChanges": .int(Int64(week.failedChanges)),
            "changeFailureRate": rate(week.changeFailureRate), "restored": .int(Int64(week.restored)),
            "unrestored": .int(Int64(week.unrestored)), "timeToRestoreSeconds": seconds(week.timeToRestore),
        ]
    }

    private static func trend(_ trend: Trend, rate isRate: Bool = false) -> JSONValue {
        ["slopePerWeek": (isRate ? rate(trend.slope) : seconds(trend.slope)), "direction": .string(trend.direction.rawValue)]
    }

    static func versions(_ map: VersionMap, filter: StatisticsOperations.Filter) -> JSONValue {
        [
            "filter": filterJSON(filter, period: nil),
            "items": .array(map.entries.map { entry in
                [
                    "application": .string(entry.applicationName), "environment": .string(entry.environmentName),
                    "expectedVersion": entry.expectedVersion.map(JSONValue.string) ?? .null, "hosts": .int(Int64(entry.hostCount)),
                    "versions": .array(entry.versions.map { ["version": $0.version.map(JSONValue.string) ?? .null, "hosts": .int(Int64($0.hosts))] }),
                    "differingCount": .int(Int64(entry.differing.count)),
                    "differing": .array(entry.differing.prefix(StatisticsAPI.maxDiffering).map { host in
                        ["machineID": WireJSON.id(host.machineID), "hostname": .string(host.hostname),
                         "version": host.version.map(JSONValue.string) ?? .null]
                    }),
                ]
            }),
        ]
    }

    static func seconds(_ value: Double?) -> JSONValue {
        value.map { .double(($0 * 1000).rounded() / 1000) } ?? .null
    }

    static func rate(_ value: Double?) -> JSONValue {
        value.map { .double(($0 * 10_000).rounded() / 10_000) } ?? .null
    }
}
