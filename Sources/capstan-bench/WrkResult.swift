/// What one wrk run measured, read from its `--latency` report.
struct WrkResult: Sendable {
    let requestsPerSecond: Double
    /// Latency in milliseconds at the 50th, 75th, 90th and 99th percentile.
    let latencyMilliseconds: [Int: Double]
    /// Socket errors (connect, read, write, timeout) plus non-2xx/3xx responses.
    let errors: Int

    /// Parses lines such as `Requests/sec: 139523.12`, `    99%    1.10ms`,
    /// `Socket errors: connect 0, read 0, write 0, timeout 0` and `Non-2xx or 3xx responses: 12`.
    init?(parsing report: String) {
        var rate: Double?
        var latency: [Int: Double] = [:]
        var errors = 0
        for line in report.split(separator: "\n") {
            let words = line.split(separator: " ")
            if line.hasPrefix("Requests/sec:"), words.count == 2 {
                rate = Double(words[1])
            } else if words.count == 2, let percent = Int(words[0].dropLast()), words[0].hasSuffix("%") {
                latency[percent] = Self.milliseconds(words[1])
            } else if line.contains("Socket errors:") {
                errors += words.compactMap { Int($0.filter(\.isNumber)) }.reduce(0, +)
            } else if line.contains("Non-2xx or 3xx responses:"), let count = words.last.flatMap({ Int($0) }) {
                errors += count
            }
        }
        guard let rate, [50, 75, 90, 99].allSatisfy({ latency[$0] != nil }) else { return nil }
        self.requestsPerSecond = rate
        self.latencyMilliseconds = latency
        self.errors = errors
    }

    /// wrk prints times as `812.00us`, `1.10ms`, `2.03s`, `1.00m` or `1.00h`.
    static func milliseconds(_ text: Substring) -> Double? {
        let units: [(String, Double)] = [("us", 0.001), ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (unit, scale) in units where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * scale }
        }
        return nil
    }
}
