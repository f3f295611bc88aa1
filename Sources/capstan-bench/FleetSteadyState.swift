import Glibc

/// The server's memory and CPU while the agents only heartbeat and hold their polls.
struct FleetSteadyState: Sendable {
    let start: Int64
    let end: Int64
    let maxResidentKiB: Int
    let endResidentKiB: Int
    let cpuPercent: Double

    /// Samples this process's VmRSS every second for `duration`; CPU from getrusage over the window.
    static func measure(for duration: BenchDuration, child: ChildProcess) async throws -> FleetSteadyState {
        let start = MonotonicClock.now()
        let cpuStart = ProcessCPU.nanosecondsUsed()
        var maxResident = 0
        var resident = 0
        for second in 1...max(1, Int(duration.seconds.rounded(.up))) {
            let wake = start + Int64(min(Double(second), duration.seconds) * 1e9)
            try await Task.sleep(for: .nanoseconds(max(0, wake - MonotonicClock.now())))
            try Interrupt.check()
            guard child.isRunning else { throw child.failure("exited during the steady state") }
            resident = ProcessMemory.of(pid: getpid())?.residentKiB ?? 0
            maxResident = max(maxResident, resident)
        }
        let end = MonotonicClock.now()
        let cpu = Double(ProcessCPU.nanosecondsUsed() - cpuStart) / Double(end - start) * 100
        return FleetSteadyState(start: start, end: end, maxResidentKiB: maxResident, endResidentKiB: resident, cpuPercent: cpu)
    }
}
