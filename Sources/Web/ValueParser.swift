/// Parses and formats the sizes and durations configuration accepts (`512K`, `1M`, `500ms`, `10s`, `2m`).
///
/// Sizes use binary multiples (1K = 1024 bytes); a bare number is bytes. Durations are whole numbers
/// of ms, s or m; a bare number is seconds.
enum ValueParser {
    static func bytes(_ text: String) -> Int? {
        let multipliers: [Character: Int] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30]
        var digits = Substring(text)
        var multiplier = 1
        if let last = digits.last, let factor = multipliers[Character(last.lowercased())] {
            multiplier = factor
            digits = digits.dropLast()
        }
        guard let number = wholeNumber(digits) else { return nil }
        let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }

    static func duration(_ text: String) -> Duration? {
        let units: [(suffix: String, make: (Int) -> Duration)] = [
            ("ms", { .milliseconds($0) }), ("s", { .seconds($0) }), ("m", { .seconds($0 * 60) }),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let number = wholeNumber(text.dropLast(unit.suffix.count)), number <= Int(Int32.max) else { return nil }
            return unit.make(number)
        }
        guard let seconds = wholeNumber(text), seconds <= Int(Int32.max) else { return nil }
        return .seconds(seconds)
    }

    static func format(bytes: Int) -> String {
        for (suffix, factor) in [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)] where bytes > 0 && bytes % factor == 0 {
            return "\(bytes / factor)\(suffix)"
        }
        return String(bytes)
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }

    /// ASCII digits only: `Int` alone would also take `+5` and `-0`.
    static func wholeNumber<S: StringProtocol>(_ text: S) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }
}
