import Foundation
import Testing
@testable import Web

/// The SVG geometry of the charts, worked out by hand from `ChartFrame`'s plot: x from 56 to 708
/// (652 wide), y from 12 to 192 (180 high).
struct ChartTests {
    @Test("scales end on a round number in steps of 1, 2 or 5 times a power of ten")
    func scales() {
        func scale(_ value: Double, integral: Bool = false) -> [Double] {
            let scale = ChartScale(covering: value, integral: integral)
            return [scale.maximum, scale.step]
        }
        #expect(scale(7, integral: true) == [8, 2])
        #expect(scale(3, integral: true) == [3, 1])
        #expect(scale(1, integral: true) == [1, 1])
        #expect(scale(1300) == [1500, 500])
        #expect(scale(0) == [1, 1])
        #expect(ChartScale(covering: 20, integral: true).ticks == [0, 5, 10, 15, 20])
    }

    @Test("stacked bars: segments bottom up in series order, 70% of each band")
    func stackedBars() {
        let chart = StackedBarChart(id: "c", title: "t", summary: "s", categories: ["a", "b"],
                                    series: [.init(key: "ok", name: "ok", values: [2, 0]), .init(key: "bad", name: "bad", values: [1, 4])])
        let context = chart.context { String(Int($0)) }
        let bars = context["bars"] as? [[String: Any]] ?? []
        // Scale 0–4 (step 1); band 326; bar 228.2 wide, starting 48.9 into its band.
        #expect(bars.map { $0["key"] as? String } == ["ok", "bad", "bad"])
        #expect(bars.map { $0["x"] as? String } == ["104.9", "104.9", "430.9"])
        #expect(bars.map { $0["width"] as? String } == ["228.2", "228.2", "228.2"])
        // 2 of 4 is 90 high from the baseline at 192; the 1 above it 45 more; 4 fills the plot.
        #expect(bars.map { $0["y"] as? String } == ["102", "57", "12"])
        #expect(bars.map { $0["height"] as? String } == ["90", "45", "180"])
        #expect(bars.map { $0["label"] as? String } == ["a: 2 ok", "a: 1 bad", "b: 4 bad"])
        let ticks = context["ticks"] as? [[String: Any]] ?? []
        #expect(ticks.map { $0["label"] as? String } == ["0", "1", "2", "3", "4"] && ticks.map { $0["y"] as? String } == ["192", "147", "102", "57", "12"])
    }

    @Test("lines break where a value is missing; every value gets a dot")
    func lines() {
        let chart = LineChart(id: "l", title: "t", summary: "s", categories: ["a", "b", "c", "d"],
                              series: [.init(key: "p50", name: "p50", values: [10, 20, nil, 5])])
        let context = chart.context { String(Int($0)) }
        // Scale 0–20 (step 5); band 163: x 137.5, 300.5, 463.5, 626.5.
        #expect((context["lines"] as? [[String: Any]])?.map { $0["points"] as? String } == ["137.5,102 300.5,12"])
        #expect((context["dots"] as? [[String: Any]])?.map { "\($0["cx"] ?? ""),\($0["cy"] ?? "")" } == ["137.5,102", "300.5,12", "626.5,147"])
    }

    @Test("at most eight labels under the axis")
    func labels() {
        let frame = ChartFrame(count: 30, scale: ChartScale(covering: 1))
        #expect(frame.labels((1...30).map(String.init)).map { $0["label"] as? String } == ["1", "5", "9", "13", "17", "21", "25", "29"])
    }

    @Test("the chart template escapes text and names the chart for assistive technology")
    func template() async throws {
        let templates = try await Templates.load(from: Repository.resourcesDirectory)
        let chart = StackedBarChart(id: "c", title: #"<b>"Tom & Jerry"</b>"#, summary: "1 < 2", categories: ["<x>"],
                                    series: [.init(key: "succeeded", name: "ok", values: [1])])
        let svg = templates.render(.chart, chart.context { String(Int($0)) })
        #expect(svg.contains(#"aria-label="&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;""#))
        #expect(svg.contains("<title>&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;</title>") && svg.contains(#"<desc id="c-desc">1 &lt; 2</desc>"#))
        #expect(svg.contains("<title>&lt;x&gt;: 1 ok</title>") && !svg.contains("<x>") && !svg.contains("<b>"))
        #expect(svg.contains(#"role="img""#) && svg.contains(#"aria-describedby="c-desc""#))
        #expect(svg.contains(#"<rect class="series-succeeded""#) && !svg.contains("fill=\"#"), "colours come from the stylesheet")
    }
}


extension ChartTests {
    @Test("duration axes step in clock units: 10 min, 15 min, and whole weeks past one")
    func durationScales() {
        func scale(_ value: Double) -> [Double] {
            let scale = ChartScale(durationsUpTo: value)
            return [scale.maximum, scale.step]
        }
        // 2000 s over four ticks is 500 s a tick: the next clock step is 10 min, and 2000 s needs four.
        #expect(scale(2000) == [2400, 600])
        #expect(scale(3000) == [3600, 900])
        #expect(scale(45) == [45, 15])
        // 30 days: 4.3 weeks, in steps of two weeks.
        #expect(scale(30 * 86_400) == [6 * 604_800, 2 * 604_800])
        #expect(scale(0) == [1, 1])
    }
}
