import Foundation

/// The four delivery (DORA) metrics of one environment, week by week, with their trends.
///
/// - deployments: releases that succeeded there, by the week they finished;
/// - lead time: package uploaded → release succeeded there, the median of the week's deployments;
/// - change failure rate: failed or rolled-back releases among those that finished there (aborted
///   ones left out: an abort is a choice);
/// - time to restore: a failed change's finish → the next success of the same application there
///   (deploy or rollback), the median over the week's failures; failures not restored yet are
///   counted as `unrestored` and have no time.
///
/// Trends use only the weeks that have ended by `now`, so the week under way does not read as a
/// drop.
public struct DeliveryMetrics: Sendable, Equatable {
    public struct Week: Sendable, Equatable {
        public var interval: DateInterval
        /// The week has ended.
        public var isComplete: Bool
        public var deployments: Int
        public var leadTime: TimeInterval?
        /// Finished releases that count for the change failure rate.
        public var changes: Int
        public var failedChanges: Int
        public var changeFailureRate: Double? { changes == 0 ? nil : Double(failedChanges) / Double(changes) }
        public var restored: Int
        public var unrestored: Int
        public var timeToRestore: TimeInterval?

        init(interval: DateInterval, facts: [ReleaseFact], now: Date) {
            self.interval = interval
            isComplete = interval.end <= now
            deployments = facts.filter { $0.state == .succeeded }.count
            leadTime = Percentile.of(facts.compactMap(\.leadTime), 50)
            let counted = facts.filter { $0.outcome.isFinished && $0.outcome != .aborted }
            changes = counted.count
            failedChanges = counted.filter { $0.outcome.isFailedChange }.count
            let restores = facts.compactMap(\.timeToRestore)
            restored = restores.count
            unrestored = failedChanges - restored
            timeToRestore = Percentile.of(restores, 50)
        }
    }

    public struct Trends: Sendable, Equatable {
        public var deployments: Trend
        public var leadTime: Trend
        public var changeFailureRate: Trend
        public var timeToRestore: Trend
    }

    public var weeks: [Week]
    public var trends: Trends

    /// `facts`: the environment's releases that finished within `weeks`; others are left out.
    public init(facts: [ReleaseFact], weeks intervals: [DateInterval], now: Date) {
        weeks = intervals.map { interval in
            Week(interval: interval, facts: facts.filter { $0.finishedAt.map { interval.start <= $0 && $0 < interval.end } ?? false }, now: now)
        }
        let ended = weeks.enumerated().filter { $0.element.isComplete }
        func points(_ value: (Week) -> Double?) -> [(x: Double, y: Double)] {
            ended.compactMap { index, week in value(week).map { (Double(index), $0) } }
        }
        trends = Trends(deployments: Trend(points { Double($0.deployments) }, higherIsBetter: true),
                        leadTime: Trend(points(\.leadTime), higherIsBetter: false),
                        changeFailureRate: Trend(points(\.changeFailureRate), higherIsBetter: false),
                        timeToRestore: Trend(points(\.timeToRestore), higherIsBetter: false))
    }
}
