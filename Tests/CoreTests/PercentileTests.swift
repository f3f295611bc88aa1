import Core
import Testing

struct PercentileTests {
    @Test("nearest rank: the value at rank ⌈p·n/100⌉")
    func nearestRank() {
        let values: [Double] = [40, 10, 30, 20]
        #expect(Percentile.of(values, 50) == 20)
        #expect(Percentile.of(values, 95) == 40)
        #expect(Percentile.of(values, 1) == 10)
        #expect(Percentile.of(values, 100) == 40)
        // 20 values: the median is the 10th, the 95th percentile the 19th.
        let twenty = (1...20).map(Double.init)
        #expect(Percentile.of(twenty, 50) == 10 && Percentile.of(twenty, 95) == 19)
        #expect(Percentile.of([7], 50) == 7 && Percentile.of([7], 95) == 7)
    }

    @Test("no values, no percentile")
    func empty() {
        #expect(Percentile.of([], 50) == nil)
    }
}
