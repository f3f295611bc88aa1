import Foundation

/// One release of `capstan-bench dispatch`: how long it took and how fast its jobs got out.
struct DispatchRun: Sendable {
    let name: String
    let agents: Int
    let maxParallel: Int
    let state: String
    /// From just before the API call to the engine writing the release finished.
    let totalMilliseconds: Double
    /// Per job, sorted: queued → the whole answer had reached the agent's socket.
    let receivedMilliseconds: [Double]
    /// Per job, sorted: queued → the simulator had read it (later by its one thread's backlog).
    let readMilliseconds: [Double]

    static func table(_ runs: [DispatchRun]) -> Table {
        var table = Table(header: ["run", "agents", "maxParallel", "outcome", "total", "queued→received p50", "p99", "max",
                                   "queued→read p50", "p99", "jobs"],
                          rightAligned: Set([1, 2, 4, 5, 6, 7, 8, 9, 10]))
        for run in runs {
            let (received, read) = (run.receivedMilliseconds, run.readMilliseconds)
            table.rows.append([
                run.name, "\(run.agents)", "\(run.maxParallel)", run.state, ms(run.totalMilliseconds),
                ms(FleetResult.percentile(received, 0.5)), ms(FleetResult.percentile(received, 0.99)), ms(received.last),
                ms(FleetResult.percentile(read, 0.5)), ms(FleetResult.percentile(read, 0.99)),
                "\(received.count)/\(run.agents)",
            ])
        }
        return table
    }

    private static func ms(_ milliseconds: Double?) -> String { BenchReport.format(milliseconds: milliseconds) }
}
