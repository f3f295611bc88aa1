import CLinux
import Synchronization

/// Hands the heap pages malloc holds free back to the kernel, every `interval`, at a quiet moment.
///
/// glibc keeps freed memory in its arenas for reuse and returns it only from the top of the heap.
/// A burst (ten thousand agents connecting at once, a job fanned out to all of them) leaves
/// hundreds of MiB freed but still resident between small live objects, and the process looks that
/// large for as long as it runs. `malloc_trim(0)` gives those pages back (madvise) without moving
/// anything: on `capstan-bench fleet --agents 10000` it takes the steady state from about 460 MiB
/// resident to about 260, in 15 ms on a heap already trimmed (66 ms on the first), one arena at a time.
///
/// Every thread that allocates from an arena waits while it is trimmed, so a trim in the middle of a
/// release holds up its dispatches (`capstan-bench dispatch`: p99 about 20 ms worse). A trim that is
/// due waits while `isBusy` says the release engine is stepping, checked every second, but never
/// longer than `maximumDelay`: memory stays bounded through a release that lasts for hours.
public enum MemoryTrim {
    public static let interval = Duration.seconds(15)
    public static let maximumDelay = Duration.seconds(60)

    /// When a trim runs: `interval` after the last one, once the server is not busy, or
    /// `maximumDelay` later whatever it is doing.
    public struct Schedule: Sendable, Equatable {
        public var interval = MemoryTrim.interval
        public var maximumDelay = MemoryTrim.maximumDelay

        public init(interval: Duration = MemoryTrim.interval, maximumDelay: Duration = MemoryTrim.maximumDelay) {
            self.interval = interval
            self.maximumDelay = maximumDelay
        }

        public func isDue(sinceLastTrim elapsed: Duration, isBusy: Bool) -> Bool {
            elapsed >= interval && (!isBusy || elapsed >= interval + maximumDelay)
        }
    }

    /// A sweeper that looks every second whether a trim is due (`schedule`), and runs it.
    public static func makeSweeper(schedule: Schedule = Schedule(), isBusy: @escaping @Sendable () -> Bool = { false }) -> Sweeper {
        let lastTrim = Mutex(ContinuousClock.now)
        return Sweeper(every: .seconds(1)) {
            let now = ContinuousClock.now
            let isDue = lastTrim.withLock { last in
                guard schedule.isDue(sinceLastTrim: now - last, isBusy: isBusy()) else { return false }
                last = now
                return true
            }
            if isDue { trim() }
        }
    }

    /// True when some memory was returned.
    @discardableResult
    public static func trim() -> Bool { malloc_trim(0) == 1 }
}
