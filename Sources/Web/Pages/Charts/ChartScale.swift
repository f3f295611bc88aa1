import Foundation

/// The value axis of a chart: from 0 to a round maximum in round steps (1, 2 or 5 times a power of
/// ten), about `ticks` of them, so gridlines land on numbers people read at a glance.
struct ChartScale: Equatable {
    let maximum: Double
    let step: Double

    /// `integral`: counts, whose steps are whole numbers.
    init(covering value: Double, ticks: Int = 4, integral: Bool = false) {
        guard value > 0, value.isFinite else {
            maximum = 1
            step = 1
            return
        }
        let raw = value / Double(ticks)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        var step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * magnitude
        if integral { step = max(step.rounded(.up), 1) }
        self.step = step
        maximum = (value / step * (1 - 1e-9)).rounded(.up) * step
    }

    /// 0, step, 2·step … maximum.
    var ticks: [Double] {
        stride(from: 0, through: maximum * (1 + 1e-9), by: step).map { $0 }
    }
}
