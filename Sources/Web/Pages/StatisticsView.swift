import Core
import Foundation

/// A statistics report as the `/stats` template shows it: the summary cards, the charts' geometry
/// and the tables, with numbers formatted for people (durations as `3m 20s`, rates as `75%`).
struct StatisticsView {
    let report: StatisticsOperations.Report
    let filter: StatisticsOperations.Filter

    var context: [String: Any] {
        let statistics = report.releases
        let days = statistics.days.map { StatisticsPeriod.dayText($0.date) }
        var context: [String: Any] = [
            "from": StatisticsPeriod.dayText(report.period.start), "to": StatisticsPeriod.dayText(report.period.lastDay),
            "isEmpty": statistics.counts.started == 0, "cards": cards,
            "days": zip(days, statistics.days).map { text, day in
                var row: [String: Any] = ["date": text, "started": day.counts.started,
                                          "p50": DurationText.short(day.durations.p50), "p95": DurationText.short(day.durations.p95)]
                for outcome in Release.Outcome.allCases { row[outcome.rawValue] = day.counts[outcome] }
                return row
            },
            "releasesChart": releasesChart(days), "durationsChart": durationsChart(days),
        ]
        let scope = [filter["group"].map { "group \($0)" }, filter["application"], filter["environment"]].compactMap { $0 }
        if !scope.isEmpty { context["scopeText"] = scope.joined(separator: ", ") }
        if let environment = report.deliveryEnvironment {
            context["deliveryEnvironment"] = environment.name
            context["deliveryDefault"] = filter["environment"] == nil
            context.merge(delivery) { $1 }
        }
        return context
    }

    static let outcomeNames: [(Release.Outcome, String)] = [
        (.succeeded, "succeeded"), (.failed, "failed"), (.rolledBack, "rolled back"), (.aborted, "aborted"), (.inProgress, "in progress"),
    ]

    private var cards: [[String: Any]] {
        let statistics = report.releases
        let counts = statistics.counts
        var cards: [(String, String, String)] = [("started", "Started", String(counts.started))]
        cards += Self.outcomeNames.map { ($0.0.rawValue, $0.1.prefix(1).uppercased() + $0.1.dropFirst(), String(counts[$0.0])) }
        cards += [
            ("successRate", "Success rate", Self.percent(counts.successRate)),
            ("durationP50", "Duration p50", DurationText.short(statistics.durations.p50)),
            ("durationP95", "Duration p95", DurationText.short(statistics.durations.p95)),
            ("hostsDeployed", "Hosts deployed", String(statistics.hostsDeployed)),
            ("failingStep", "Most common failing step", statistics.mostCommonFailingStep?.rawValue ?? "none"),
        ]
        return cards.map { ["key": $0.0, "label": $0.1, "value": $0.2] }
    }

    private func releasesChart(_ days: [String]) -> [String: Any] {
        let statistics = report.releases
        let series = Self.outcomeNames.map { outcome, name in
            StackedBarChart.Series(key: outcome.rawValue, name: name, values: statistics.days.map { Double($0.counts[outcome]) })
        }
        let counts = statistics.counts
        let summary = "\(counts.started) releases started from \(days.first ?? "") to \(days.last ?? ""): "
            + Self.outcomeNames.map { "\(counts[$0.0]) \($0.1)" }.joined(separator: ", ") + "."
        return StackedBarChart(id: "chart-releases", title: "Releases per day by outcome", summary: summary, categories: Self.short(days),
                               series: series).context { String(Int($0)) }
    }

    private func durationsChart(_ days: [String]) -> [String: Any] {
        let statistics = report.releases
        let summary = "Duration of finished releases by the day they started: p50 \(DurationText.short(statistics.durations.p50)), "
            + "p95 \(DurationText.short(statistics.durations.p95)) over the period."
        return LineChart(id: "chart-durations", title: "Release durations per day (p50 and p95)", summary: summary,
                         categories: Self.short(days),
                         series: [LineChart.Series(key: "p50", name: "p50", values: statistics.days.map(\.durations.p50)),
                                  LineChart.Series(key: "p95", name: "p95", values: statistics.days.map(\.durations.p95))],
                         axis: .durations)
            .context { DurationText.short($0) }
    }

    private var delivery: [String: Any] {
        let weeks = report.delivery.weeks
        let labels = Self.short(weeks.map { StatisticsPeriod.dayText($0.interval.start) })
        let trends = report.delivery.trends
        let deployments = StackedBarChart(
            id: "chart-deployments", title: "Deployments per week", summary: "Deployments per week: "
                + zip(labels, weeks).map { "\($0) \($1.deployments)" }.joined(separator: ", ") + ". Trend: \(trends.deployments.direction.rawValue).",
            categories: labels, series: [.init(key: "succeeded", name: "deployments", values: weeks.map { Double($0.deployments) })],
            width: ChartFrame.narrow)
        let times = LineChart(
            id: "chart-times", title: "Lead time and time to restore per week (medians)",
            summary: "Lead time trend: \(trends.leadTime.direction.rawValue); time to restore trend: \(trends.timeToRestore.direction.rawValue).",
            categories: labels, series: [.init(key: "p50", name: "lead time", values: weeks.map(\.leadTime)),
                                         .init(key: "p95", name: "time to restore", values: weeks.map(\.timeToRestore))],
            axis: .durations, width: ChartFrame.narrow)
        let failures = LineChart(
            id: "chart-failures", title: "Change failure rate per week",
            summary: "Change failure rate trend: \(trends.changeFailureRate.direction.rawValue).",
            categories: labels, series: [.init(key: "failed", name: "change failure rate", values: weeks.map { $0.changeFailureRate.map { $0 * 100 } })],
            width: ChartFrame.narrow)
        return [
            "deploymentsChart": deployments.context { String(Int($0)) }, "timesChart": times.context { DurationText.short($0) },
            "failureChart": failures.context { "\(Int($0.rounded()))%" },
            "weeks": weeks.map { week in
                var row: [String: Any] = [
                    "start": StatisticsPeriod.dayText(week.interval.start), "isComplete": week.isComplete, "deployments": week.deployments,
                    "leadTime": DurationText.short(week.leadTime), "changeFailureRate": Self.percent(week.changeFailureRate),
                    "timeToRestore": DurationText.short(week.timeToRestore),
                ]
                // Absent rather than 0, which Mustache takes for true.
                if week.unrestored > 0 { row["unrestored"] = week.unrestored }
                return row
            },
            "trends": [
                Self.trend("deployments", trends.deployments) { String(format: "%+.1f a week", $0) },
                Self.trend("leadTime", trends.leadTime) { ($0 < 0 ? "−" : "+") + DurationText.short(abs($0)) + " a week" },
                Self.trend("changeFailureRate", trends.changeFailureRate) { String(format: "%+.1f points a week", $0 * 100) },
                Self.trend("timeToRestore", trends.timeToRestore) { ($0 < 0 ? "−" : "+") + DurationText.short(abs($0)) + " a week" },
            ],
        ]
    }

    private static func trend(_ key: String, _ trend: Trend, _ format: (Double) -> String) -> [String: Any] {
        ["key": key, "direction": trend.direction.rawValue, "slope": trend.slope.map(format) ?? ""]
    }

    static func percent(_ rate: Double?) -> String {
        rate.map { "\(Int(($0 * 100).rounded()))%" } ?? "–"
    }

    /// `11-04` for `2026-11-04`: axis labels and tooltips stay short; the tables keep the year.
    private static func short(_ days: [String]) -> [String] {
        days.map { String($0.dropFirst(5)) }
    }
}
