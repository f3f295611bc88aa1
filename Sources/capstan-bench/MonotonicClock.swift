import Glibc

/// CLOCK_MONOTONIC in nanoseconds: the time base both `fleet` processes share, so a receipt time
/// the simulator reports can be subtracted from a moment the server side took.
enum MonotonicClock {
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    static func milliseconds(_ nanoseconds: Int64) -> Double {
        Double(nanoseconds) / 1e6
    }
}
