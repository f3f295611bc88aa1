import Core
import Foundation

/// When a new API token expires, from `expiresIn` (seconds, or `30m`, `12h`, `90d`) or `expiresAt`
/// (RFC 3339). Neither means never; both is refused.
enum TokenExpiry {
    /// The choices the tokens page offers, `expiresIn` values with labels; the first is the default.
    static let choices: [(value: String, label: String)] = [
        ("90d", "90 days"), ("30d", "30 days"), ("7d", "7 days"), ("365d", "1 year"), ("never", "Never"),
    ]

    static func date(expiresIn: String?, expiresAt: String?, now: Date) throws(AppError) -> Date? {
        switch (expiresIn, expiresAt) {
        case (nil, nil), ("never", nil): return nil
        case (let expiresIn?, nil):
            guard let seconds = seconds(expiresIn), seconds > 0 else {
                throw AppError(.invalid, "expiresIn must be a number of seconds or like 30m, 12h, 90d", field: "expiresIn")
            }
            return now.addingTimeInterval(seconds)
        case (nil, let expiresAt?):
            guard let date = RFC3339.date(expiresAt) else {
                throw AppError(.invalid, "expiresAt must be an RFC 3339 time such as 2030-01-01T00:00:00Z", field: "expiresAt")
            }
            return date
        case (_?, _?):
            throw AppError(.invalid, "give expiresIn or expiresAt, not both", field: "expiresAt")
        }
    }

    /// `3600`, `30m`, `12h` or `90d` in seconds; nil when malformed.
    static func seconds(_ text: String) -> TimeInterval? {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let last = text.last else { return nil }
        if let unit = units[last] { return Double(text.dropLast()).map { $0 * unit } }
        return Double(text)
    }
}
