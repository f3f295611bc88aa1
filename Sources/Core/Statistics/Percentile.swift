/// Percentiles by the nearest-rank method: the p-th percentile of n values is the value at rank
/// ⌈p/100 · n⌉ (1-based) in ascending order.
///
/// Chosen because it always answers a value that was observed (a duration some release really
/// took) and can be checked by hand: of 10, 20, 30, 40 the median is 20 and the 95th is 40.
public enum Percentile {
    /// nil for no values; `percent` in 1…100.
    public static func of(_ values: [Double], _ percent: Int) -> Double? {
        precondition((1...100).contains(percent), "a percentile is 1 to 100")
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = (percent * sorted.count + 99) / 100
        return sorted[max(rank, 1) - 1]
    }
}
