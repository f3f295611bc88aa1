/// A line chart as SVG geometry: one line per series over the categories, broken where a value is
/// missing (a day without finished releases), with a dot on every value. Drawn by `chart.mustache`
/// like `StackedBarChart`; each dot carries its value as a tooltip.
struct LineChart {
    struct Series {
        let key: String
        let name: String
        let values: [Double?]
    }

    let id: String
    let title: String
    let summary: String
    let categories: [String]
    let series: [Series]
    /// How the value axis is divided.
    enum Axis { case numbers, durations }
    var axis = Axis.numbers
    var width = ChartFrame.wide

    func context(format: (Double) -> String) -> [String: Any] {
        let highest = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let scale = axis == .durations ? ChartScale(durationsUpTo: highest) : ChartScale(covering: highest, integral: false)
        let frame = ChartFrame(count: categories.count, scale: scale, width: width)
        var lines: [[String: Any]] = []
        var dots: [[String: Any]] = []
        for item in series {
            var run: [String] = []
            for (index, value) in item.values.enumerated() {
                guard let value else {
                    if run.count > 1 { lines.append(["key": item.key, "points": run.joined(separator: " ")]) }
                    run = []
                    continue
                }
                let point = (ChartFrame.number(frame.x(index)), ChartFrame.number(frame.y(value)))
                run.append("\(point.0),\(point.1)")
                dots.append(["key": item.key, "cx": point.0, "cy": point.1, "label": "\(categories[index]): \(item.name) \(format(value))"])
            }
            if run.count > 1 { lines.append(["key": item.key, "points": run.joined(separator: " ")]) }
        }
        var context = frame.context
        context.merge(["id": id, "title": title, "summary": summary, "lines": lines, "dots": dots, "ticks": frame.ticks(format),
                       "labels": frame.labels(categories), "legend": series.map { ["key": $0.key, "name": $0.name] }]) { $1 }
        return context
    }
}
