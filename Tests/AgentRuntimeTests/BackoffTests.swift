import Synchronization
import Testing
@testable import AgentRuntime

struct BackoffTests {
    @Test("the ceiling doubles from 0.5 s and stops at 30 s")
    func ceilingIsCapped() {
        var backoff = Backoff(random: { $0.upperBound })
        let waits = (0..<10).map { _ in backoff.next() }
        #expect(waits == [0.5, 1, 2, 4, 8, 16, 30, 30, 30, 30].map { Duration.milliseconds(Int64($0 * 1000)) })
    }

    @Test("full jitter draws from zero to the ceiling")
    func jitterWithinBounds() {
        let ranges = Mutex<[ClosedRange<Double>]>([])
        var backoff = Backoff(random: { range in ranges.withLock { $0.append(range) }; return range.lowerBound + (range.upperBound - range.lowerBound) / 4 })
        let waits = (0..<8).map { _ in backoff.next() }
        #expect(ranges.withLock { $0 }.map(\.lowerBound) == Array(repeating: 0, count: 8))
        #expect(ranges.withLock { $0 }.map(\.upperBound) == [0.5, 1, 2, 4, 8, 16, 30, 30])
        #expect(waits[1] == .milliseconds(250))
        #expect(waits[7] == .milliseconds(7500))
    }

    @Test("a random source out of range is clamped, and reset starts over")
    func clampsAndResets() {
        var backoff = Backoff(random: { _ in 1000 })
        #expect(backoff.next() == .milliseconds(500))
        _ = backoff.next()
        backoff.reset()
        #expect(backoff.attempt == 0)
        #expect(backoff.next() == .milliseconds(500))
        var real = Backoff()
        for _ in 0..<20 { #expect(real.next() <= .seconds(30)) }
    }
}
