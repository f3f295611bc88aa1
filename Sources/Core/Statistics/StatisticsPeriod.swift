import Foundation

/// The days statistics cover: `from` through `to`, whole days in UTC, both included.
///
/// Filters name days as `YYYY-MM-DD`; without them the period is the 30 days ending today. At most
/// `maxDays` days, so a per-day series stays a size a page can draw. Delivery metrics go by week:
/// `weeks` are the whole weeks (Monday 00:00 UTC to the next Monday) the period touches.
public struct StatisticsPeriod: Sendable, Equatable {
    public static let defaultDays = 30
    public static let maxDays = 366
    static let day: TimeInterval = 86_400

    /// Midnight UTC of the first day.
    public let start: Date
    /// Midnight UTC after the last day (excluded).
    public let end: Date

    /// A period from day texts (empty or nil: the default), today being the day `now` falls on.
    public init(from: String?, to: String?, now: Date) throws(AppError) {
        let toDay = try Self.parse(to, field: "to") ?? Self.midnight(of: now)
        let fromDay = try Self.parse(from, field: "from") ?? toDay.addingTimeInterval(-Double(Self.defaultDays - 1) * Self.day)
        guard fromDay <= toDay else { throw AppError(.invalid, "from must not be after to", field: "from") }
        let days = Int((toDay.timeIntervalSince(fromDay) / Self.day).rounded()) + 1
        guard days <= Self.maxDays else {
            throw AppError(.invalid, "a period is at most \(Self.maxDays) days; this one has \(days)", field: "from")
        }
        start = fromDay
        end = toDay.addingTimeInterval(Self.day)
    }

    /// Midnight UTC of every day, first to last.
    public var days: [Date] {
        stride(from: start.timeIntervalSince1970, to: end.timeIntervalSince1970, by: Self.day).map(Date.init(timeIntervalSince1970:))
    }

    /// The last day included.
    public var lastDay: Date { end.addingTimeInterval(-Self.day) }

    /// The position of `date`'s day in `days`, nil outside the period.
    public func dayIndex(of date: Date) -> Int? {
        guard date >= start, date < end else { return nil }
        return Int(date.timeIntervalSince(start) / Self.day)
    }

    /// The whole weeks, Monday to Monday in UTC, from the one holding the first day to the one
    /// holding the last.
    public var weeks: [DateInterval] {
        let first = Self.monday(of: start)
        return stride(from: first.timeIntervalSince1970, to: end.timeIntervalSince1970, by: 7 * Self.day).map {
            DateInterval(start: Date(timeIntervalSince1970: $0), duration: 7 * Self.day)
        }
    }

    /// `YYYY-MM-DD` of a midnight, as filters and the API write days.
    public static func dayText(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    // MARK: - Days in UTC

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func midnight(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / day).rounded(.down) * day)
    }

    /// 1970-01-01 was a Thursday: days since then plus 3, modulo 7, counts from Monday.
    static func monday(of date: Date) -> Date {
        let days = Int((midnight(of: date).timeIntervalSince1970 / day).rounded())
        let sinceMonday = ((days + 3) % 7 + 7) % 7
        return Date(timeIntervalSince1970: Double(days - sinceMonday) * day)
    }

    private static func parse(_ text: String?, field: String) throws(AppError) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        let invalid = AppError(.invalid, "\(field) must be a day as YYYY-MM-DD", field: field)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.utf8.count) == [4, 2, 2], parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1970...9999).contains(year)
        else { throw invalid }
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { throw invalid }
        return date
    }
}
