import Core
import Foundation
import Testing

struct StatisticsPeriodTests {
    /// 2025-06-15 15:06:40 UTC, a Sunday.
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    @Test("without filters: the 30 days ending today, in UTC")
    func defaults() throws {
        let period = try StatisticsPeriod(from: nil, to: "", now: now)
        #expect(StatisticsPeriod.dayText(period.start) == "2025-05-17")
        #expect(StatisticsPeriod.dayText(period.lastDay) == "2025-06-15")
        #expect(period.days.count == 30)
        #expect(period.end.timeIntervalSince1970 == 1_750_032_000)
    }

    @Test("days and whole weeks from Monday, the days included at both ends")
    func daysAndWeeks() throws {
        let period = try StatisticsPeriod(from: "2025-05-28", to: "2025-06-09", now: now)
        #expect(period.days.count == 13)
        #expect(period.weeks.map { StatisticsPeriod.dayText($0.start) } == ["2025-05-26", "2025-06-02", "2025-06-09"])
        #expect(period.weeks.allSatisfy { $0.duration == 7 * 86_400 })
        let last = period.end.addingTimeInterval(-0.001)
        #expect(period.dayIndex(of: last) == 12 && period.dayIndex(of: period.end) == nil && period.dayIndex(of: period.start) == 0)
        #expect(period.dayIndex(of: period.start.addingTimeInterval(-1)) == nil)
        let single = try StatisticsPeriod(from: "2025-06-02", to: "2025-06-02", now: now)
        #expect(single.days.count == 1 && single.weeks.count == 1)
    }

    @Test("leap days are days", arguments: ["2024-02-29"])
    func leapDay(_ text: String) throws {
        let period = try StatisticsPeriod(from: text, to: "2024-03-01", now: now)
        #expect(period.days.count == 2)
    }

    @Test("malformed days are refused naming the field",
          arguments: [("from", "2025-6-1"), ("from", "yesterday"), ("to", "2025-02-30"), ("to", "2025-13-01"), ("from", "+025-01-01"),
                      ("to", "2025-06-15T00:00:00Z"), ("from", "１２３４-01-01")])
    func malformed(_ field: String, _ text: String) {
        #expect(throws: AppError(.invalid, "\(field) must be a day as YYYY-MM-DD", field: field)) {
            _ = try StatisticsPeriod(from: field == "from" ? text : nil, to: field == "to" ? text : nil, now: now)
        }
    }

    @Test("from after to, and periods past a year, are refused")
    func badRanges() {
        #expect(throws: AppError(.invalid, "from must not be after to", field: "from")) {
            _ = try StatisticsPeriod(from: "2025-06-02", to: "2025-06-01", now: now)
        }
        #expect(throws: AppError(.invalid, "a period is at most 366 days; this one has 367", field: "from")) {
            _ = try StatisticsPeriod(from: "2024-06-01", to: "2025-06-02", now: now)
        }
        #expect(throws: Never.self) { _ = try StatisticsPeriod(from: "2024-06-02", to: "2025-06-02", now: now) }
    }
}
