/// The batches a release walks through, worked out from its strategy and its targets.
///
/// With one batch size, every batch has that size (the last one what is left): `"25%"` of 10 hosts
/// is batches of 3, 3, 3 and 1. With growing steps, each step says how many hosts are covered once
/// its batch is done: `[1, "10%", "50%", "100%"]` of 40 hosts is batches of 1, 3, 16 and 20.
/// Percentages round up and every batch has at least one host, so no step is empty and `"100%"`
/// always reaches every host. With `byDatacenter`, batches never mix datacenters: the plan walks one
/// datacenter after another (in the order the targets first name them), each planned on its own,
/// so percentages are of that datacenter's hosts.
public struct BatchPlan: Sendable, Equatable {
    /// Indexes into the targets, one array per batch, in order.
    public let batches: [[Int]]

    public init(batches: [[Int]]) {
        self.batches = batches
    }

    /// Plans `datacenters.count` targets; `datacenters[i]` is target i's datacenter.
    public init(strategy: ReleaseStrategy, datacenters: [String], byDatacenter: Bool = false) {
        guard byDatacenter else {
            batches = Self.plan(Array(datacenters.indices), sizes: strategy.batchSizes)
            return
        }
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (index, datacenter) in datacenters.enumerated() {
            if members[datacenter] == nil { order.append(datacenter) }
            members[datacenter, default: []].append(index)
        }
        batches = order.flatMap { Self.plan(members[$0]!, sizes: strategy.batchSizes) }
    }

    public var targetCount: Int { batches.reduce(0) { $0 + $1.count } }

    /// How many of `total` hosts an amount means: a count as is, a percentage rounded up; at least 1.
    public static func hosts(_ amount: ReleaseStrategy.Amount, of total: Int) -> Int {
        switch amount {
        case .count(let count): max(1, count)
        case .percent(let percent): max(1, (total * percent + 99) / 100)
        }
    }

    /// The failures a release tolerates among `total` targets: a count as is, a percentage rounded
    /// down (5% of 10 hosts tolerates none), so the limit never allows more than it says.
    public static func failureLimit(_ amount: ReleaseStrategy.Amount, of total: Int) -> Int {
        switch amount {
        case .count(let count): max(0, count)
        case .percent(let percent): total * percent / 100
        }
    }

    private static func plan(_ targets: [Int], sizes: [ReleaseStrategy.Amount]) -> [[Int]] {
        let total = targets.count
        guard total > 0 else { return [] }
        var batches: [[Int]] = []
        var covered = 0
        var step = 0
        while covered < total {
            let end: Int
            if sizes.count == 1 {
                end = covered + hosts(sizes[0], of: total)
            } else {
                let goal = hosts(sizes[min(step, sizes.count - 1)], of: total)
                end = step >= sizes.count - 1 ? total : max(covered + 1, goal)
            }
            let upper = min(end, total)
            batches.append(Array(targets[covered..<upper]))
            covered = upper
            step += 1
        }
        return batches
    }
}
