/// One job for every agent: created in one transaction, the hub woken for every machine, then
/// the wait (at most 60 s) for the simulator to say every agent has received its job.
struct FleetFanOut: Sendable {
    /// Just before the transaction began, and just after it committed (CLOCK_MONOTONIC ns).
    let start: Int64
    let committed: Int64
    let jobIDs: [Int64]

    static func run(_ fleet: FleetSeeder.Fleet, server: FleetServer, child: ChildProcess) async throws -> FleetFanOut {
        let start = MonotonicClock.now()
        let jobIDs = try FleetSeeder(store: server.store).queueJobs(for: fleet)
        let committed = MonotonicClock.now()
        server.app.agentHub.wake(fleet.machineIDs)
        let deadline = committed + 60_000_000_000
        while !child.output.contains("all-received"), MonotonicClock.now() < deadline {
            try Interrupt.check()
            guard child.isRunning else { throw child.failure("exited while jobs were being delivered") }
            try await Task.sleep(for: .milliseconds(20))
        }
        return FleetFanOut(start: start, committed: committed, jobIDs: jobIDs)
    }
}
