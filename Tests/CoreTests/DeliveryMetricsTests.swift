import Core
import Foundation
import Testing

struct DeliveryMetricsTests {
    static let monday = ReleaseStatisticsTests.monday
    static let hour: Double = 3600

    static func weeks(_ count: Int) -> [DateInterval] {
        (0..<count).map { DateInterval(start: monday.addingTimeInterval(Double($0) * 7 * 86_400), duration: 7 * 86_400) }
    }

    /// A release that started at `day` 09:00 and took ten minutes, its package uploaded `lead`
    /// hours before it finished, restored `restore` hours after.
    static func fact(_ id: Int64, _ state: Release.State, day: Int, lead: Double = 1, restore: Double? = nil,
                     undone: Bool = false) -> ReleaseFact {
        let start = ReleaseStatisticsTests.at(day: day, hour: 9)
        let finish = start.addingTimeInterval(600)
        return ReleaseFact(id: id, state: state, isUndone: undone, startedAt: start, finishedAt: finish,
                           packageCreatedAt: finish.addingTimeInterval(-lead * hour), restoredAt: restore.map { finish.addingTimeInterval($0 * hour) })
    }

    @Test("deployments, median lead time, change failure rate and time to restore per week")
    func weekly() {
        let facts = [
            // Week 0: three deployments (one later undone), one failure restored after 2 h, one abort.
            Self.fact(1, .succeeded, day: 0, lead: 1),
            Self.fact(2, .succeeded, day: 1, lead: 5),
            Self.fact(3, .failed, day: 1, lead: 9, restore: 2),
            Self.fact(4, .succeeded, day: 2, lead: 3, restore: 4, undone: true),
            Self.fact(5, .aborted, day: 3),
            // Week 1: nothing. Week 2: one failure never restored.
            Self.fact(6, .rolledBack, day: 15),
        ]
        let metrics = DeliveryMetrics(facts: facts, weeks: Self.weeks(3), now: Self.monday.addingTimeInterval(30 * 86_400))
        let week = metrics.weeks[0]
        #expect(week.deployments == 3)
        // Lead times of the three deployments: 1 h, 5 h, 3 h → median (2nd of 3) 3 h; the failure's is not one.
        #expect(week.leadTime == 3 * Self.hour)
        // Changes: 1, 2, 3, 4 (the abort is left out); failed: 3 and the undone 4.
        #expect(week.changes == 4 && week.failedChanges == 2 && week.changeFailureRate == 0.5)
        // Restores 2 h and 4 h: the median of two is the first.
        #expect(week.restored == 2 && week.unrestored == 0 && week.timeToRestore == 2 * Self.hour)
        #expect(metrics.weeks[1] == DeliveryMetrics.Week.empty(metrics.weeks[1].interval, isComplete: true))
        let last = metrics.weeks[2]
        #expect(last.deployments == 0 && last.changes == 1 && last.changeFailureRate == 1 && last.unrestored == 1 && last.timeToRestore == nil)
        #expect(metrics.weeks.allSatisfy { $0.isComplete })
    }

    @Test("trends use ended weeks only: deployments 3, 0, 1 fall; the week under way is left out")
    func trends() {
        let facts = [Self.fact(1, .succeeded, day: 0), Self.fact(2, .succeeded, day: 1), Self.fact(3, .succeeded, day: 2),
                     Self.fact(4, .succeeded, day: 14, lead: 2), Self.fact(5, .succeeded, day: 21), Self.fact(6, .succeeded, day: 22)]
        // Now is in week 3, so week 3 (two deployments) is under way.
        let metrics = DeliveryMetrics(facts: facts, weeks: Self.weeks(4), now: ReleaseStatisticsTests.at(day: 23, hour: 0))
        #expect(metrics.weeks.map(\.isComplete) == [true, true, true, false])
        #expect(metrics.weeks.map(\.deployments) == [3, 0, 1, 2])
        // Points (0, 3), (1, 0), (2, 1): mean x 1, mean y 4/3; slope = ((−1)(5/3) + 0 + (1)(−1/3)) / 2 = −1.
        #expect(abs((metrics.trends.deployments.slope ?? 0) + 1) < 1e-9 && metrics.trends.deployments.direction == .worsening)
        // Lead times: week 0 median 1 h, week 2 2 h (week 1 has none): slope 0.5 h a week, longer is worse.
        #expect(metrics.trends.leadTime.slope == 1800 && metrics.trends.leadTime.direction == .worsening)
        #expect(metrics.trends.changeFailureRate.slope == 0 && metrics.trends.changeFailureRate.direction == .steady)
        #expect(metrics.trends.timeToRestore.direction == .unknown && metrics.trends.timeToRestore.slope == nil)
    }
}

extension DeliveryMetrics.Week {
    /// What a week without releases reads as.
    static func empty(_ interval: DateInterval, isComplete: Bool) -> DeliveryMetrics.Week {
        DeliveryMetrics(facts: [], weeks: [interval], now: isComplete ? interval.end : interval.start).weeks[0]
    }
}
