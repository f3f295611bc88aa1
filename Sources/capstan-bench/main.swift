import ArgumentParser

/// `capstan-bench`: benchmarks that start real servers and report numbers, never pass/fail tests.
struct CapstanBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capstan-bench", abstract: "Benchmarks for Capstan.", subcommands: [MachinesCommand.self])
}

// In main.swift `CapstanBench.main()` and an existential's `run()` resolve to the synchronous entry
// points, so each asynchronous subcommand is dispatched by its concrete type.
do {
    var command = try CapstanBench.parseAsRoot()
    if let machines = command as? MachinesCommand {
        try await machines.run()
    } else {
        try command.run()
    }
} catch {
    CapstanBench.exit(withError: error)
}
