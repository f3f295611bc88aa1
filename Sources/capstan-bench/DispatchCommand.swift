import ArgumentParser

/// `capstan-bench dispatch`: a release of a no-op job to N simulated agents, then its rollback.
struct DispatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Release engine throughput: a no-op release to N simulated agents, and its rollback.",
        discussion: """
            Runs the server in this process over a temporary store seeded with N enrolled agents, and \
            the agents in a child process (as `fleet`), each reporting every job it receives as done \
            at once. Releases 1.0.0 (warm-up: the hosts get something to return to), then 2.0.0, \
            then rolls 2.0.0 back, each over the real API with curl and one batch of all hosts at \
            --max-parallel. Reports each run's total time and, per job, the time from the engine \
            making it runnable (queued, in the transaction that queues it) to the answer reaching the \
            agent's socket (the kernel's receive stamp), and to the simulator reading it.
            """
    )

    @Option(help: "Simulated agents (1 to 20,000).") var agents = 1_000
    @Option(help: "The releases' maxParallel.") var maxParallel = 100
    @Option(help: "The curl executable.") var curl = "/usr/bin/curl"

    func validate() throws {
        guard (1...20_000).contains(agents) else { throw ValidationError("--agents must be from 1 to 20,000") }
        guard (1...10_000).contains(maxParallel) else { throw ValidationError("--max-parallel must be from 1 to 10,000") }
        let limit = FileLimit.raiseToHardLimit()
        guard 2 * agents + FleetCommand.spareDescriptors <= limit else {
            throw ValidationError("\(agents) agents need \(2 * agents + FleetCommand.spareDescriptors) descriptors but the file limit is \(limit)")
        }
    }

    func run() async throws {
        Interrupt.install()
        FileLimit.raiseToHardLimit()
        let runs = try await DispatchBenchmark(agents: agents, maxParallel: maxParallel, curl: curl).run()
        print("")
        print(DispatchRun.table(runs).plainText())
        print("")
        print(DispatchRun.table(runs).markdown())
    }
}
