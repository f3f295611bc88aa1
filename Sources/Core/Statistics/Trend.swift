/// Which way a weekly metric is heading: the slope of the least-squares line through its values,
/// per week, and whether that is good news.
///
/// A slope rather than "this week against last": one unusual week does not flip it, and weeks
/// without a value (no failures, so no time to restore) are simply left out. Within 5% of the mean
/// per week the metric is `steady`; with fewer than two values it is `unknown`.
public struct Trend: Sendable, Equatable {
    public enum Direction: String, Sendable, CaseIterable {
        case improving, worsening, steady, unknown
    }

    /// Change per week, in the metric's unit; nil with fewer than two values.
    public var slope: Double?
    public var direction: Direction

    /// `points` are (week index, value); `higherIsBetter` says which way is good.
    public init(_ points: [(x: Double, y: Double)], higherIsBetter: Bool) {
        guard points.count >= 2 else {
            slope = nil
            direction = .unknown
            return
        }
        let n = Double(points.count)
        let meanX = points.map(\.x).reduce(0, +) / n
        let meanY = points.map(\.y).reduce(0, +) / n
        let spread = points.map { ($0.x - meanX) * ($0.x - meanX) }.reduce(0, +)
        let slope = points.map { ($0.x - meanX) * ($0.y - meanY) }.reduce(0, +) / spread
        self.slope = slope
        if abs(slope) <= 0.05 * abs(meanY) || slope == 0 {
            direction = .steady
        } else {
            direction = (slope > 0) == higherIsBetter ? .improving : .worsening
        }
    }
}
