/// How many of a release's current jobs (the newest attempt for each host) stand in each state,
/// per phase and batch: all the state machine needs to decide, whatever the number of hosts.
public struct ReleaseTally: Sendable, Equatable {
    public struct Key: Sendable, Hashable {
        public var phase: Job.Phase
        public var batch: Int
        public var state: Job.State

        public init(phase: Job.Phase, batch: Int, state: Job.State) {
            self.phase = phase
            self.batch = batch
            self.state = state
        }
    }

    public var counts: [Key: Int]

    public init(counts: [Key: Int] = [:]) {
        self.counts = counts
    }

    /// Jobs of `phase` (in `batch`, or any batch when nil) whose state passes `filter`.
    public func count(_ phase: Job.Phase, batch: Int? = nil, where filter: (Job.State) -> Bool) -> Int {
        counts.reduce(0) { sum, entry in
            let key = entry.key
            guard key.phase == phase, batch == nil || key.batch == batch, filter(key.state) else { return sum }
            return sum + entry.value
        }
    }

    public func count(_ phase: Job.Phase, batch: Int? = nil, state: Job.State) -> Int {
        count(phase, batch: batch) { $0 == state }
    }

    /// Every host of the phase.
    public func total(_ phase: Job.Phase) -> Int { count(phase) { _ in true } }
    public func active(_ phase: Job.Phase, batch: Int? = nil) -> Int { count(phase, batch: batch) { $0.isActive } }
    public func failures(_ phase: Job.Phase) -> Int { count(phase) { $0.isFailure } }

    /// States with their counts for one phase (and batch), for pages and the API.
    public func byState(_ phase: Job.Phase, batch: Int? = nil) -> [Job.State: Int] {
        var result: [Job.State: Int] = [:]
        for (key, value) in counts where key.phase == phase && (batch == nil || key.batch == batch) {
            result[key.state, default: 0] += value
        }
        return result
    }
}
