import Foundation

/// The value axis of a chart: from 0 to a round maximum in round steps (1, 2 or 5 times a power of
/// ten, or for durations a step a clock reads: 1 min, 5 min, 1 h…), about `ticks` of them, so
/// gridlines land on numbers people read at a glance.
struct ChartScale: Equatable {
    let maximum: Double
    let step: Double

    /// Steps for a duration axis, in seconds.
    static let durationSteps: [Double] = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
                                          172_800, 604_800]

    /// A duration axis (seconds) in clock steps; past a week, in round numbers of weeks.
    init(durationsUpTo value: Double, ticks: Int = 4) {
        guard value > 0, value.isFinite else {
            self.init(covering: 0)
            return
        }
        let raw = value / Double(ticks)
        guard let step = Self.durationSteps.first(where: { $0 >= raw }) else {
            let weeks = ChartScale(covering: value / 604_800, ticks: ticks, integral: true)
            self.init(maximum: weeks.maximum * 604_800, step: weeks.step * 604_800)
            return
        }
        self.init(maximum: (value / step * (1 - 1e-9)).rounded(.up) * step, step: step)
    }

    private init(maximum: Double, step: Double) {
        self.maximum = maximum
        self.step = step
    }

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
