import Core
import Foundation

/// What `capstan stats` prints: the period's summary as one row, then the delivery metrics week
/// by week with the trend under them (a week still under way is marked `*`).
public enum StatisticsTable {
    public static func render(_ record: StatisticsRecord) -> String {
        let summary = record.summary
        var text = "releases started \(record.filter.from) to \(record.filter.to) (UTC)\n"
        text += TextTable.render(
            header: ["STARTED", "SUCCEEDED", "FAILED", "ROLLED BACK", "ABORTED", "IN PROGRESS", "SUCCESS", "P50", "P95", "HOSTS", "FAILING STEP"],
            rows: [[summary.started, summary.succeeded, summary.failed, summary.rolledBack, summary.aborted, summary.inProgress].map(String.init)
                + [percent(summary.successRate), DurationText.short(summary.durationSeconds.p50), DurationText.short(summary.durationSeconds.p95),
                   String(summary.hostsDeployed), summary.mostCommonFailingStep ?? "none"]])
        guard let environment = record.delivery.environment else { return text + "\n\nno environments: no delivery metrics" }
        let weeks = record.delivery.weeks.map { week in
            [week.start + (week.isComplete ? "" : "*"), String(week.deployments), DurationText.short(week.leadTimeSeconds),
             percent(week.changeFailureRate),
             DurationText.short(week.timeToRestoreSeconds) + (week.unrestored > 0 ? " (\(week.unrestored) not restored)" : "")]
        }
        let trend = ["deployments", "leadTimeSeconds", "changeFailureRate", "timeToRestoreSeconds"].map { record.delivery.trend[$0]?.direction ?? "" }
        text += "\n\ndelivery in \(environment), per week (* under way)\n"
        text += TextTable.render(header: ["WEEK", "DEPLOYMENTS", "LEAD TIME", "CHANGE FAILURE RATE", "TIME TO RESTORE"], rows: weeks + [["trend"] + trend])
        return text
    }

    static func percent(_ rate: Double?) -> String {
        rate.map { "\(Int(($0 * 100).rounded()))%" } ?? "–"
    }
}
