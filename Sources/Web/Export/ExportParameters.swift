import Core
import Foundation
import HTTP

/// The query parameters every export takes: `format` (`csv`, `json`, `ndjson`; default `csv`),
/// `from` and `to` as RFC 3339 times or `YYYY-MM-DD` dates (UTC). `from` is included, `to` is
/// excluded; a date `to` means the end of that day, so `from=2026-01-01&to=2026-01-31` is all of
/// January. Empty values count as absent. Any bad value is `AppError(.invalid)` naming it, raised
/// before a byte is streamed.
struct ExportParameters: Sendable {
    var format = ExportFormat.csv
    var since: Date?
    var until: Date?
    /// The filters as given, for the export's audit row.
    var audited: [String: JSONValue] = [:]

    init(from request: Request) throws(AppError) {
        if let text = Self.value("format", in: request) {
            guard let format = ExportFormat(rawValue: text) else {
                throw AppError(.invalid, "format must be one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))", field: "format")
            }
            self.format = format
        }
        audited["format"] = .string(format.rawValue)
        since = try Self.time("from", in: request, endOfDay: false)
        until = try Self.time("to", in: request, endOfDay: true)
        if let since, let until, since >= until {
            throw AppError(.invalid, "from must be before to", field: "to")
        }
        for name in ["from", "to"] {
            if let text = Self.value(name, in: request) { audited[name] = .string(text) }
        }
    }

    static func value(_ name: String, in request: Request) -> String? {
        request.query(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A time parameter; a date alone is that day's start, or with `endOfDay` the next day's start.
    private static func time(_ name: String, in request: Request, endOfDay: Bool) throws(AppError) -> Date? {
        guard let text = value(name, in: request) else { return nil }
        if let day = day(text) { return endOfDay ? day.addingTimeInterval(86_400) : day }
        guard let date = RFC3339.date(text) else {
            throw AppError(.invalid, "\(name) must be a date such as 2026-01-31 or an RFC 3339 time such as 2026-01-31T12:00:00Z", field: name)
        }
        return date
    }

    /// `YYYY-MM-DD` as midnight UTC; nil unless it is a real calendar day.
    static func day(_ text: String) -> Date? {
        guard let match = text.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})/),
              let year = Int(match.1), let month = Int(match.2), let day = Int(match.3) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: date) == components else { return nil }
        return date
    }
}
