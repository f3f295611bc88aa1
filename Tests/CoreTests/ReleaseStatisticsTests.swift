import Core
import Foundation
import Testing

struct ReleaseStatisticsTests {
    /// 2025-06-02 00:00 UTC, a Monday.
    static let monday = Date(timeIntervalSince1970: 1_748_822_400)

    static func at(day: Int, hour: Int) -> Date { monday.addingTimeInterval(Double(day * 86_400 + hour * 3600)) }

    static func fact(_ id: Int64, _ state: Release.State, day: Int, took: Double?, hosts: Int = 0, undone: Bool = false) -> ReleaseFact {
        let start = at(day: day, hour: 9)
        return ReleaseFact(id: id, state: state, isUndone: undone, startedAt: start, finishedAt: took.map { start.addingTimeInterval($0) },
                           hostsDeployed: hosts)
    }

    let period: StatisticsPeriod

    init() throws {
        period = try StatisticsPeriod(from: "2025-06-02", to: "2025-06-04", now: Self.monday)
    }

    @Test("counts, success rate, duration percentiles and hosts, in total and per day")
    func summary() {
        let facts = [
            Self.fact(1, .succeeded, day: 0, took: 100, hosts: 4),
            Self.fact(2, .failed, day: 0, took: 400, hosts: 1),
            Self.fact(3, .succeeded, day: 0, took: 200, hosts: 4, undone: true),
            Self.fact(4, .aborted, day: 2, took: 50),
            Self.fact(5, .running, day: 2, took: nil, hosts: 2),
            Self.fact(6, .succeeded, day: 2, took: 300, hosts: 4),
            Self.fact(7, .succeeded, day: 3, took: 10, hosts: 9),  // the day after the period
        ]
        let statistics = ReleaseStatistics(facts: facts, failingSteps: [], period: period)
        let counts = statistics.counts
        #expect(counts.started == 6 && counts.finished == 5)
        #expect(counts[.succeeded] == 2 && counts[.failed] == 1 && counts[.rolledBack] == 1 && counts[.aborted] == 1 && counts[.inProgress] == 1)
        #expect(counts.successRate == 0.4)
        // Durations 50, 100, 200, 300, 400: p50 is the 3rd, p95 the 5th.
        #expect(statistics.durations.p50 == 200 && statistics.durations.p95 == 400)
        #expect(statistics.hostsDeployed == 15)
        #expect(statistics.days.map(\.counts.started) == [3, 0, 3])
        #expect(statistics.days.map { StatisticsPeriod.dayText($0.date) } == ["2025-06-02", "2025-06-03", "2025-06-04"])
        // Day 0: 100, 200, 400 → p50 200, p95 400; day 1 has none; day 2: 50, 300 → p50 50, p95 300.
        #expect(statistics.days.map(\.durations.p50) == [200, nil, 50])
        #expect(statistics.days.map(\.durations.p95) == [400, nil, 300])
        #expect(statistics.days[1].counts.successRate == nil)
    }

    @Test("the most common failing step; a tie goes to the step that runs first")
    func failingSteps() {
        let steps = [StepFailureCount(step: .healthCheck, count: 3), StepFailureCount(step: .start, count: 3),
                     StepFailureCount(step: .download, count: 1), StepFailureCount(step: .stop, count: 0)]
        let statistics = ReleaseStatistics(facts: [], failingSteps: steps, period: period)
        #expect(statistics.failingSteps.map(\.step) == [.start, .healthCheck, .download])
        #expect(statistics.mostCommonFailingStep == .start)
        #expect(ReleaseStatistics(facts: [], failingSteps: [], period: period).mostCommonFailingStep == nil)
    }

    @Test("an empty period has a row for every day and nothing to measure")
    func empty() {
        let statistics = ReleaseStatistics(facts: [], failingSteps: [], period: period)
        #expect(statistics.days.count == 3 && statistics.counts.started == 0)
        #expect(statistics.counts.successRate == nil && statistics.durations.p50 == nil && statistics.hostsDeployed == 0)
    }
}
