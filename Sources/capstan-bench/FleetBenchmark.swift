import Foundation
import Engine
import Glibc
import Web

/// One size of `capstan-bench fleet`: seed N enrolled agents, start the server in this process,
/// start the simulated agents in a child (`fleet-agents`), wait until every poll is parked,
/// measure the steady state, then create a job for every agent and time its delivery.
struct FleetBenchmark: Sendable {
    let agents: Int
    let duration: BenchDuration
    let heartbeatInterval: BenchDuration
    let connectionPerHeartbeat: Bool

    func run() async throws -> FleetResult {
        let directory = try TemporaryDirectory(prefix: "capstan-bench-fleet")
        defer { directory.remove() }
        let store = try FleetServer.openStore(in: directory)
        let seedStart = MonotonicClock.now()
        let fleet = try FleetSeeder(store: store).seed(agents: agents)
        let seedSeconds = Double(MonotonicClock.now() - seedStart) / 1e9
        try fleet.tokens.joined(separator: "\n").write(toFile: directory.path("tokens"), atomically: true, encoding: .utf8)
        MemoryTrim.trim()
        print("\(agents) agents: seeded in \(String(format: "%.1f", seedSeconds)) s")
        let server = try await FleetServer.start(store: store, in: directory, heartbeatInterval: heartbeatInterval)
        do {
            let result = try await measure(server, fleet, directory, seedSeconds: seedSeconds)
            await server.app.shutdown()
            return result
        } catch {
            await server.app.shutdown()
            throw error
        }
    }

    private func measure(_ server: FleetServer, _ fleet: FleetSeeder.Fleet, _ directory: TemporaryDirectory,
                         seedSeconds: Double) async throws -> FleetResult {
        let idle = ProcessMemory.of(pid: getpid())?.residentKiB ?? 0
        let child = try startAgents(port: server.port, directory)
        defer { child.stop() }
        try await child.waitForOutput(containing: "ready ", timeoutSeconds: 180)
        try await waitForParkedPolls(server.app, child)
        print("\(agents) agents: all polls parked; measuring \(duration) of steady state")
        let steady = try await FleetSteadyState.measure(for: duration, child: child)
        let fanOut = try await FleetFanOut.run(fleet, server: server, child: child)
        // Every connection has now answered at least once and every poll is parked again: the
        // memory a long-running fleet keeps (in the window, polls had mostly not answered yet).
        try await Task.sleep(for: .seconds(1))
        let afterJobs = ProcessMemory.of(pid: getpid())?.residentKiB ?? 0
        // The server hands freed pages back every MemoryTrim.interval: what it keeps once it has.
        try await Task.sleep(for: MemoryTrim.interval + .seconds(2))
        let settled = ProcessMemory.of(pid: getpid())?.residentKiB ?? 0
        child.stop()
        guard let summary = try FleetSummary.find(in: child.output) else { throw child.failure("printed no summary") }
        return FleetResult.make(agents: agents, connectionPerHeartbeat: connectionPerHeartbeat, seedSeconds: seedSeconds,
                                idleResidentKiB: idle, afterJobsResidentKiB: afterJobs, settledResidentKiB: settled, steady: steady, fanOut: fanOut,
                                summary: summary)
    }

    private func startAgents(port: UInt16, _ directory: TemporaryDirectory) throws -> ChildProcess {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let lifetime = BenchDuration(seconds: duration.seconds + 600)
        var arguments = ["fleet-agents", "--port", "\(port)", "--tokens", directory.path("tokens"),
                         "--heartbeat-interval", "\(heartbeatInterval)", "--lifetime", "\(lifetime)"]
        if connectionPerHeartbeat { arguments.append("--connection-per-heartbeat") }
        return try ChildProcess(name: "fleet-agents", executable: executable, arguments: arguments, logPath: directory.path("agents.log"))
    }

    /// Waits up to 60 s for the hub to hold one parked poll per agent.
    private func waitForParkedPolls(_ app: App, _ child: ChildProcess) async throws {
        let deadline = MonotonicClock.now() + 60_000_000_000
        while app.agentHub.parkedCount < agents {
            try Interrupt.check()
            guard child.isRunning else { throw child.failure("exited before every poll was parked") }
            guard MonotonicClock.now() < deadline else {
                throw child.failure("connected, but only \(app.agentHub.parkedCount) of \(agents) polls were parked after 60 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
