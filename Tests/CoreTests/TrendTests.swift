import Core
import Testing

struct TrendTests {
    @Test("the least-squares slope, and which way is good")
    func slope() {
        // (0, 2), (1, 4), (2, 9): mean x 1, mean y 5; slope = ((−1)(−3) + 0 + (1)(4)) / 2 = 3.5.
        let points: [(x: Double, y: Double)] = [(0, 2), (1, 4), (2, 9)]
        #expect(Trend(points, higherIsBetter: true) == Trend.make(slope: 3.5, .improving))
        #expect(Trend(points, higherIsBetter: false).direction == .worsening)
        #expect(Trend([(0, 9), (3, 3)], higherIsBetter: false) == Trend.make(slope: -2, .improving))
    }

    @Test("within 5% of the mean per week is steady; one value is unknown")
    func steadyAndUnknown() {
        // Mean 100, slope 5: exactly 5% is steady; 6 is not.
        #expect(Trend([(0, 97.5), (1, 102.5)], higherIsBetter: true).direction == .steady)
        #expect(Trend([(0, 97), (1, 103)], higherIsBetter: true).direction == .improving)
        #expect(Trend([(0, 0), (1, 0)], higherIsBetter: false).direction == .steady)
        #expect(Trend([(0, 5)], higherIsBetter: true) == Trend.make(slope: nil, .unknown))
        #expect(Trend([], higherIsBetter: true).direction == .unknown)
    }
}

extension Trend {
    static func make(slope: Double?, _ direction: Direction) -> Trend {
        var trend = Trend([], higherIsBetter: true)
        trend.slope = slope
        trend.direction = direction
        return trend
    }
}
