import Foundation

/// Timestamps as the API and pages show them: RFC 3339 in UTC with milliseconds
/// (`2025-03-01T12:00:00.250Z`), the precision the store keeps.
enum RFC3339 {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
    private static let withoutFraction = Date.ISO8601FormatStyle(timeZone: .gmt)

    static func string(_ date: Date) -> String {
        date.formatted(withFraction)
    }

    /// Reads a timestamp with or without fractional seconds; nil when it is not RFC 3339.
    static func date(_ text: String) -> Date? {
        (try? withFraction.parse(text)) ?? (try? withoutFraction.parse(text))
    }
}
