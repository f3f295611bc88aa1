import ArgumentParser

/// `capstan-bench machines`: how long the machine list takes at fleet size, through the real server.
///
/// Seeds a temporary store (10,000 machines in 50 groups by default), starts the server on a free
/// port of 127.0.0.1, sends each request `--requests` times one after another on a keep-alive
/// connection, and prints p50/p99 per request kind: the JSON list (plain, filtered, seen through a
/// member's 10 groups), the counts and the HTML page, both end to end and inside the handler (its
/// `Server-Timing`: queries plus encoding or rendering); plus the storage queries alone, in process.
struct MachinesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "machines",
        abstract: "Time the machine list (API and page) over a seeded fleet."
    )

    @Option(help: "Machines to seed.")
    var machines = 10_000

    @Option(help: "Product groups to spread them over.")
    var groups = 50

    @Option(help: "Requests per measured request kind.")
    var requests = 200

    func validate() throws {
        guard machines > 0, groups > 0, requests > 0 else { throw ValidationError("--machines, --groups and --requests must be positive") }
    }

    func run() async throws {
        let benchmark = try await MachineListBenchmark.prepare(machines: machines, groups: groups)
        defer { benchmark.stop() }
        print("seeded \(machines) machines in \(groups) groups in \(benchmark.seedSeconds.formatted(.number.precision(.fractionLength(1)))) s")
        let results = try await benchmark.run(requests: requests)
        print(MachineListBenchmark.table(results))
    }
}
