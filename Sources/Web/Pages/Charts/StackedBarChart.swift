/// A stacked bar chart as SVG geometry: one bar per category, one segment per series stacked
/// from the bottom in series order. The template `chart.mustache` draws it; colours come from CSS
/// classes (`series-<key>`), so it follows the page's light or dark scheme.
struct StackedBarChart {
    struct Series {
        let key: String
        let name: String
        let values: [Double]
    }

    let id: String
    let title: String
    let summary: String
    let categories: [String]
    let series: [Series]
    var width = ChartFrame.wide

    /// Width of a bar within its band.
    static let fill = 0.7

    func context(format: (Double) -> String) -> [String: Any] {
        let totals = categories.indices.map { index in series.reduce(0) { $0 + $1.values[index] } }
        let frame = ChartFrame(count: categories.count, scale: ChartScale(covering: totals.max() ?? 0, integral: true), width: width)
        var bars: [[String: Any]] = []
        for index in categories.indices {
            var below = 0.0
            for item in series where item.values[index] > 0 {
                let top = below + item.values[index]
                bars.append([
                    "key": item.key, "x": ChartFrame.number(frame.x(index) - frame.band * Self.fill / 2),
                    "y": ChartFrame.number(frame.y(top)), "width": ChartFrame.number(frame.band * Self.fill),
                    "height": ChartFrame.number(frame.y(below) - frame.y(top)),
                    "label": "\(categories[index]): \(format(item.values[index])) \(item.name)",
                ])
                below = top
            }
        }
        var context = frame.context
        context.merge(["id": id, "title": title, "summary": summary, "bars": bars, "ticks": frame.ticks(format),
                       "labels": frame.labels(categories), "legend": series.map { ["key": $0.key, "name": $0.name] }]) { $1 }
        return context
    }
}
