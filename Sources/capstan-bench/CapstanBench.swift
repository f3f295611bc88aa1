import ArgumentParser

/// `capstan-bench`: benchmarks that start real processes and report numbers, never pass/fail tests.
@main
struct CapstanBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capstan-bench",
        abstract: "Benchmarks for Capstan.",
        subcommands: [HTTPCommand.self, MachinesCommand.self, PackagesCommand.self, FleetCommand.self, FleetAgentsCommand.self, DispatchCommand.self,
                      ExportCommand.self]
    )
}
