import Foundation

/// Durations for people: `45s`, `3m 20s`, `2h 05m`, `3d 4h`; two units at most. The pages and
/// `capstan stats` both write them so.
public enum DurationText {
    public static func short(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        switch total {
        case ..<60: return "\(max(total, 0))s"
        case ..<3600: return total % 60 == 0 ? "\(total / 60)m" : "\(total / 60)m \(total % 60)s"
        case ..<86_400: return "\(total / 3600)h \(String(format: "%02d", total % 3600 / 60))m"
        default: return "\(total / 86_400)d \(total % 86_400 / 3600)h"
        }
    }

    public static func short(_ seconds: Double?) -> String {
        seconds.map { short($0) } ?? "–"
    }
}
