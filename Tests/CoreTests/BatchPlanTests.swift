import Core
import Testing

struct BatchPlanTests {
    static func sizes(_ strategy: ReleaseStrategy, _ count: Int) -> [Int] {
        BatchPlan(strategy: strategy, datacenters: Array(repeating: "dc", count: count)).batches.map(\.count)
    }

    @Test("one batch size gives equal batches, the last what is left", arguments: [
        (ReleaseStrategy.Amount.percent(25), 10, [3, 3, 3, 1]),
        (.count(4), 10, [4, 4, 2]),
        (.percent(100), 7, [7]),
        (.percent(1), 3, [1, 1, 1]),
        (.count(50), 3, [3]),
    ])
    func equalBatches(size: ReleaseStrategy.Amount, targets: Int, expected: [Int]) {
        #expect(Self.sizes(ReleaseStrategy(batchSizes: [size]), targets) == expected)
    }

    @Test("growing steps say how many hosts are covered after each batch")
    func growingSteps() {
        let steps = ReleaseStrategy(batchSizes: [.count(1), .percent(10), .percent(50), .percent(100)])
        #expect(Self.sizes(steps, 40) == [1, 3, 16, 20])
        #expect(Self.sizes(steps, 1) == [1])
        #expect(Self.sizes(steps, 3) == [1, 1, 1], "a step that covers no new host still deploys one")
        #expect(Self.sizes(steps, 0) == [])
    }

    @Test("every target is in exactly one batch, in order")
    func coversEveryTarget() {
        for count in [1, 2, 9, 10, 11, 99, 1000] {
            let plan = BatchPlan(strategy: ReleaseStrategy(batchSizes: [.count(1), .percent(33), .percent(100)]),
                                 datacenters: Array(repeating: "dc", count: count))
            #expect(plan.batches.flatMap { $0 } == Array(0..<count))
        }
    }

    @Test("one datacenter at a time: batches never mix datacenters")
    func byDatacenter() {
        let plan = BatchPlan(strategy: ReleaseStrategy(batchSizes: [.percent(50)]),
                             datacenters: ["fra", "ams", "fra", "fra", "ams", "fra"], byDatacenter: true)
        #expect(plan.batches == [[0, 2], [3, 5], [1], [4]], "percentages are of each datacenter's hosts")
    }

    @Test("failure limits: counts as given, percentages rounded down")
    func failureLimits() {
        #expect(BatchPlan.failureLimit(.count(2), of: 10) == 2)
        #expect(BatchPlan.failureLimit(.percent(5), of: 10) == 0)
        #expect(BatchPlan.failureLimit(.percent(10), of: 25) == 2)
        #expect(BatchPlan.failureLimit(.percent(100), of: 7) == 7)
    }
}
