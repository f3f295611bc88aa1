import Foundation

/// Where a chart's plot sits in its SVG viewBox, and where a category and a value land in it.
///
/// One category per band, left to right; values grow upwards from the bottom of the plot.
struct ChartFrame {
    /// The wide charts' width; small ones (three in a row) are `narrow`.
    static let wide = 720.0
    static let narrow = 360.0
    static let height = 220.0
    static let left = 56.0
    static let right = 12.0
    static let top = 12.0
    static let bottom = 28.0
    /// At most this many category labels under the axis; the rest are in the table.
    static let maxLabels = 8

    let count: Int
    let scale: ChartScale
    var width = ChartFrame.wide

    var plotWidth: Double { width - Self.left - Self.right }
    var plotHeight: Double { Self.height - Self.top - Self.bottom }
    var band: Double { plotWidth / Double(max(count, 1)) }
    var baseline: Double { Self.top + plotHeight }

    /// The middle of category `index`'s band.
    func x(_ index: Int) -> Double { Self.left + band * (Double(index) + 0.5) }

    func y(_ value: Double) -> Double { Self.top + plotHeight * (1 - min(max(value / scale.maximum, 0), 1)) }

    /// Gridlines with their labels, for the template.
    func ticks(_ format: (Double) -> String) -> [[String: Any]] {
        scale.ticks.map { value in
            ["y": Self.number(y(value)), "label": format(value), "left": Self.number(Self.left), "right": Self.number(width - Self.right),
             "labelX": Self.number(Self.left - 6)]
        }
    }

    /// Every n-th category label, so at most `maxLabels` show (half as many on a narrow chart).
    func labels(_ categories: [String]) -> [[String: Any]] {
        let most = width < Self.wide ? Self.maxLabels / 2 : Self.maxLabels
        let every = max(1, (categories.count + most - 1) / most)
        return categories.enumerated().filter { $0.offset % every == 0 }.map { index, label in
            ["x": Self.number(x(index)), "y": Self.number(Self.height - 8), "label": label]
        }
    }

    /// The frame's own values for the template: the viewBox and the axis line.
    var context: [String: Any] {
        ["width": Self.number(width), "height": Self.number(Self.height), "axisLeft": Self.number(Self.left),
         "axisRight": Self.number(width - Self.right), "baseline": Self.number(baseline)]
    }

    /// Coordinates with one decimal: enough for a screen, short in the page.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}
