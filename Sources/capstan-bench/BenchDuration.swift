import ArgumentParser

/// A duration on the command line: `30s`, `500ms`, `2m`, or plain seconds (`30`).
struct BenchDuration: ExpressibleByArgument, Sendable, CustomStringConvertible {
    let seconds: Double

    init(seconds: Double) {
        self.seconds = seconds
    }

    init?(argument: String) {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        let (number, scale) = units.first { argument.hasSuffix($0.0) }
            .map { (String(argument.dropLast($0.0.count)), $0.1) } ?? (argument, 1)
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        seconds = value * scale
    }

    var nanoseconds: Int64 { Int64(seconds * 1e9) }
    var description: String { seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s" }
}
