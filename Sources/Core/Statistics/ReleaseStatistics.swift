import Foundation

/// What happened to the releases started in a period, in total and day by day: how many of each
/// outcome, the success rate, how long they took, how many hosts they deployed and where jobs fail.
///
/// Pure arithmetic over `ReleaseFact`s, so it is tested with numbers worked out by hand. A release
/// belongs to the day it started (UTC); its outcome is the one it has now.
public struct ReleaseStatistics: Sendable, Equatable {
    /// Releases by outcome.
    public struct Counts: Sendable, Equatable {
        public var byOutcome: [Release.Outcome: Int] = [:]

        public init(_ facts: [ReleaseFact] = []) {
            for fact in facts { byOutcome[fact.outcome, default: 0] += 1 }
        }

        public subscript(outcome: Release.Outcome) -> Int { byOutcome[outcome] ?? 0 }
        public var started: Int { byOutcome.values.reduce(0, +) }
        public var finished: Int { started - self[.inProgress] }
        /// Succeeded among finished (aborted ones count against it); nil when none finished.
        public var successRate: Double? { finished == 0 ? nil : Double(self[.succeeded]) / Double(finished) }
    }

    /// Nearest-rank percentiles of start-to-finish times of finished releases, in seconds.
    public struct Durations: Sendable, Equatable {
        public var p50: TimeInterval?
        public var p95: TimeInterval?

        public init(_ facts: [ReleaseFact]) {
            let values = facts.compactMap(\.duration)
            p50 = Percentile.of(values, 50)
            p95 = Percentile.of(values, 95)
        }
    }

    public struct Day: Sendable, Equatable {
        /// Midnight UTC.
        public var date: Date
        public var counts: Counts
        public var durations: Durations
    }

    public var counts: Counts
    public var durations: Durations
    public var hostsDeployed: Int
    /// Steps that failed jobs of these releases, most failures first.
    public var failingSteps: [StepFailureCount]
    /// One per day of the period, empty days included.
    public var days: [Day]

    public var mostCommonFailingStep: JobStep? { failingSteps.first?.step }

    /// Facts outside the period are left out.
    public init(facts: [ReleaseFact], failingSteps: [StepFailureCount], period: StatisticsPeriod) {
        var perDay = Array(repeating: [ReleaseFact](), count: period.days.count)
        for fact in facts {
            guard let index = period.dayIndex(of: fact.startedAt) else { continue }
            perDay[index].append(fact)
        }
        let inPeriod = perDay.flatMap { $0 }
        counts = Counts(inPeriod)
        durations = Durations(inPeriod)
        hostsDeployed = inPeriod.reduce(0) { $0 + $1.hostsDeployed }
        self.failingSteps = StepFailureCount.ranked(failingSteps)
        days = zip(period.days, perDay).map { Day(date: $0, counts: Counts($1), durations: Durations($1)) }
    }
}
