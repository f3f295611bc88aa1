import ArgumentParser
import Foundation

/// `capstan-bench fleet-agents` (hidden): the simulated agents of `capstan-bench fleet`, run as a
/// child process so that the server's memory and CPU are measured without them.
///
/// Prints `ready <open connections> <polls sent>` once every agent has sent its first poll,
/// `stats …` every second, `all-received` when every agent has had a job, and on SIGTERM or
/// SIGINT a `summary {…}` line (`FleetSummary`) before it exits.
struct FleetAgentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet-agents",
        abstract: "Simulated agents for `capstan-bench fleet` (started by it).",
        shouldDisplay: false
    )

    @Option(help: "The server's port on 127.0.0.1.")
    var port: UInt16

    @Option(help: "A file of agent tokens, one a line; agent i is the token on line i.")
    var tokens: String

    @Option(help: "Time between one agent's heartbeats.")
    var heartbeatInterval = BenchDuration(seconds: 10)

    @Flag(help: "Open a connection for each heartbeat instead of keeping one open per agent.")
    var connectionPerHeartbeat = false

    @Flag(help: "Report every job received as succeeded at once, in a heartbeat.")
    var reportResults = false

    @Option(help: "Stop by itself after this long.")
    var lifetime = BenchDuration(seconds: 600)

    func run() throws {
        Interrupt.install()
        FileLimit.raiseToHardLimit()
        let tokens = try String(contentsOfFile: tokens, encoding: .utf8).split(separator: "\n").map(String.init)
        guard !tokens.isEmpty else { throw ValidationError("\(self.tokens) holds no tokens") }
        let simulator = try FleetSimulator(settings: .init(
            port: port, tokens: tokens, heartbeatInterval: heartbeatInterval.nanoseconds,
            connectionPerHeartbeat: connectionPerHeartbeat, lifetime: lifetime.nanoseconds,
            reportsResults: reportResults))
        let summary = simulator.run()
        let encoded = try JSONEncoder().encode(summary)
        FleetOutput.emit(FleetSummary.prefix + String(decoding: encoded, as: UTF8.self))
    }
}
