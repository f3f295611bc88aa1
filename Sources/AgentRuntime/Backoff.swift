/// Exponential backoff with full jitter: try n waits a uniformly random time in
/// `0 ... min(cap, base · 2ⁿ)`, so a fleet that lost its server does not come back in lock step.
///
/// The random source is injected so tests can pin the sequence.
public struct Backoff: Sendable {
    public typealias RandomSource = @Sendable (ClosedRange<Double>) -> Double

    public let base: Double
    public let cap: Double
    public private(set) var attempt = 0
    private let random: RandomSource

    public init(base: Double = 0.5, cap: Double = 30, random: @escaping RandomSource = { Double.random(in: $0) }) {
        precondition(base > 0 && cap >= base, "backoff needs 0 < base <= cap")
        self.base = base
        self.cap = cap
        self.random = random
    }

    /// The upper bound of the next wait, in seconds.
    public var ceiling: Double {
        min(cap, base * Double(sign: .plus, exponent: min(attempt, 62), significand: 1))
    }

    /// The next wait; each call doubles the ceiling until it reaches `cap`.
    public mutating func next() -> Duration {
        let bound = ceiling
        attempt += 1
        let seconds = min(bound, max(0, random(0...bound)))
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    public mutating func reset() { attempt = 0 }
}

/// Waits for a duration; injected wherever the agent waits (backoff, health-check intervals) so
/// tests run without wall-clock time passing.
public typealias Sleeper = @Sendable (Duration) async throws -> Void

/// `Task.sleep`, the sleeper of a running agent.
public let realSleeper: Sleeper = { duration in try await Task.sleep(for: duration) }
