import ArgumentParser

/// `capstan-bench fleet`: N simulated agents speaking the real protocol over real sockets to the
/// real server, each heartbeating every interval and holding a parked long poll.
struct FleetCommand: AsyncParsableCommand {
    /// How heartbeats reach the server.
    enum HeartbeatConnections: String, ExpressibleByArgument, CaseIterable, Sendable {
        /// Keep-alive when two connections per agent fit the file limit on both sides, else one per heartbeat.
        case auto
        case keepAlive = "keep-alive"
        case perHeartbeat = "per-heartbeat"
    }

    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Heartbeats and job fan-out with N simulated agents.",
        discussion: """
            Runs the server in this process over a temporary store seeded with N enrolled agents, and \
            the agents in a child process: one thread, one epoll loop, two keep-alive connections per \
            agent (heartbeats and a parked job poll) from 127.0.0.2, 127.0.0.3, … After every poll \
            is parked it measures the server's memory (VmRSS), its CPU and the heartbeat latency for \
            --duration, then creates a job for every agent in one transaction and times until the \
            last agent has it. Run it from the repository root after `swift build -c release`.
            """
    )

    @Option(parsing: .upToNextOption, help: "Fleet sizes to run, each with a fresh server (1 to 20,000).")
    var agents: [Int] = [1_000]

    @Option(help: "Steady state to measure, like 30s (at least two heartbeat intervals).")
    var duration = BenchDuration(seconds: 30)

    @Option(help: "Time between one agent's heartbeats; the server is configured alike.")
    var heartbeatInterval = BenchDuration(seconds: 10)

    @Option(help: "auto, keep-alive or per-heartbeat (a new connection for each heartbeat).")
    var heartbeatConnections = HeartbeatConnections.auto

    /// Descriptors besides the agents' connections: the store, logs, epoll, listeners.
    static let spareDescriptors = 200

    func validate() throws {
        guard !agents.isEmpty, agents.allSatisfy({ (1...20_000).contains($0) }) else {
            throw ValidationError("--agents must be from 1 to 20,000 (got \(agents.map(String.init).joined(separator: ", ")))")
        }
        guard heartbeatInterval.seconds >= 0.1 else { throw ValidationError("--heartbeat-interval must be at least 100ms") }
        guard duration.seconds >= 2 * heartbeatInterval.seconds else {
            throw ValidationError("--duration (\(duration)) must be at least two heartbeat intervals (\(heartbeatInterval) each)")
        }
        let limit = FileLimit.raiseToHardLimit()
        let largest = agents.max() ?? 0
        guard largest + Self.spareDescriptors <= limit else {
            throw ValidationError("\(largest) parked polls need \(largest + Self.spareDescriptors) descriptors but the file limit is \(limit)")
        }
        if heartbeatConnections == .keepAlive, 2 * largest + Self.spareDescriptors > limit {
            throw ValidationError("""
                keep-alive heartbeats need \(2 * largest + Self.spareDescriptors) descriptors for \(largest) agents but the \
                file limit is \(limit); use --heartbeat-connections per-heartbeat or auto
                """)
        }
    }

    func run() async throws {
        Interrupt.install()
        let limit = FileLimit.raiseToHardLimit()
        var results: [FleetResult] = []
        for size in agents {
            let perHeartbeat = heartbeatConnections == .perHeartbeat
                || (heartbeatConnections == .auto && 2 * size + Self.spareDescriptors > limit)
            if perHeartbeat && heartbeatConnections == .auto {
                print("\(size) agents: 2 connections each would pass the file limit (\(limit)); heartbeats use one connection each")
            }
            let benchmark = FleetBenchmark(agents: size, duration: duration, heartbeatInterval: heartbeatInterval,
                                           connectionPerHeartbeat: perHeartbeat)
            results.append(try await benchmark.run())
        }
        print("")
        print(FleetResult.table(results).plainText())
        print("")
        print(FleetResult.table(results).markdown())
        for result in results { print(result.notes) }
    }
}
