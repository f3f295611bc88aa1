import Foundation

/// Timestamps on the wire: RFC 3339 in UTC with a `Z`, e.g. `2025-03-01T12:00:00Z`.
enum RFC3339 {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    /// Parses `2025-03-01T12:00:00Z` (fractional seconds and offsets accepted); nil when malformed.
    static func date(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
