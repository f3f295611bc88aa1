import Foundation

/// One fleet size's numbers, and the table `capstan-bench fleet` prints with one row per size.
struct FleetResult: Sendable {
    let agents: Int
    let connectionPerHeartbeat: Bool
    let seedSeconds: Double
    /// The server process's VmRSS once it started, before any agent connected.
    let idleResidentKiB: Int
    /// The largest and the last VmRSS sampled each second of the steady state.
    let maxResidentKiB: Int
    let endResidentKiB: Int
    /// VmRSS a second after every agent received its job, with every poll parked again.
    let afterJobsResidentKiB: Int
    /// Resident memory once the server has trimmed its heap after the fan-out (`MemoryTrim`).
    let settledResidentKiB: Int
    /// Server CPU over the steady state, as a percentage of one core.
    let cpuPercent: Double
    let heartbeatsPerSecond: Double
    /// Heartbeats started in the steady state, sorted.
    let heartbeatMilliseconds: [Double]
    let heartbeatErrors: Int
    let createMilliseconds: Double
    /// From just before the jobs' transaction to each agent's receipt, sorted; and from its commit.
    let receiptMilliseconds: [Double]
    let receiptAfterCommitMilliseconds: [Double]
    let summary: FleetSummary

    static func make(agents: Int, connectionPerHeartbeat: Bool, seedSeconds: Double, idleResidentKiB: Int, afterJobsResidentKiB: Int, settledResidentKiB: Int,
                     steady: FleetSteadyState, fanOut: FleetFanOut, summary: FleetSummary) -> FleetResult {
        let window = steady.start..<steady.end
        let heartbeats = summary.heartbeats.filter { window.contains($0.at) }
        let failed = summary.failedHeartbeats.filter { window.contains($0) }.count + heartbeats.filter { !$0.isOK }.count
        let jobIDs = Set(fanOut.jobIDs)
        let receipts = summary.receipts.filter { !jobIDs.isDisjoint(with: $0.jobIDs) }.map(\.at)
        return FleetResult(
            agents: agents, connectionPerHeartbeat: connectionPerHeartbeat, seedSeconds: seedSeconds, idleResidentKiB: idleResidentKiB,
            maxResidentKiB: steady.maxResidentKiB, endResidentKiB: steady.endResidentKiB, afterJobsResidentKiB: afterJobsResidentKiB, settledResidentKiB: settledResidentKiB,
            cpuPercent: steady.cpuPercent,
            heartbeatsPerSecond: Double(heartbeats.count) / (Double(steady.end - steady.start) / 1e9),
            heartbeatMilliseconds: heartbeats.map { MonotonicClock.milliseconds($0.nanoseconds) }.sorted(),
            heartbeatErrors: failed, createMilliseconds: MonotonicClock.milliseconds(fanOut.committed - fanOut.start),
            receiptMilliseconds: receipts.map { MonotonicClock.milliseconds($0 - fanOut.start) }.sorted(),
            receiptAfterCommitMilliseconds: receipts.map { MonotonicClock.milliseconds($0 - fanOut.committed) }.sorted(),
            summary: summary)
    }

    static func table(_ results: [FleetResult]) -> Table {
        var table = Table(
            header: ["agents", "heartbeat conns", "RSS idle", "RSS max", "RSS end", "RSS after jobs", "RSS settled", "CPU", "heartbeats/s", "hb p50", "hb p99", "hb max",
                     "hb errors", "jobs create", "last received", "receipt p50", "receipt p99", "after commit p50/p99", "received"],
            rightAligned: Set(0..<18).subtracting([1]))
        for result in results {
            let heartbeats = result.heartbeatMilliseconds
            let receipts = result.receiptMilliseconds
            let afterCommit = result.receiptAfterCommitMilliseconds
            table.rows.append([
                "\(result.agents)", result.connectionPerHeartbeat ? "one per heartbeat" : "keep-alive",
                BenchReport.format(kibibytes: result.idleResidentKiB), BenchReport.format(kibibytes: result.maxResidentKiB),
                BenchReport.format(kibibytes: result.endResidentKiB), BenchReport.format(kibibytes: result.afterJobsResidentKiB),
                BenchReport.format(kibibytes: result.settledResidentKiB),
                String(format: "%.1f%%", result.cpuPercent),
                BenchReport.format(rate: result.heartbeatsPerSecond),
                ms(percentile(heartbeats, 0.5)), ms(percentile(heartbeats, 0.99)), ms(heartbeats.last),
                "\(result.heartbeatErrors)", ms(result.createMilliseconds), ms(receipts.last),
                ms(percentile(receipts, 0.5)), ms(percentile(receipts, 0.99)),
                "\(ms(percentile(afterCommit, 0.5))) / \(ms(percentile(afterCommit, 0.99)))",
                "\(receipts.count)/\(result.agents)",
            ])
        }
        return table
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))]
    }

    private static func ms(_ milliseconds: Double?) -> String {
        BenchReport.format(milliseconds: milliseconds)
    }
}

extension FleetResult {
    /// What the table leaves out: seeding, the simulator's own troubles.
    var notes: String {
        let s = summary
        return "\(agents) agents: seeded in \(String(format: "%.1f", seedSeconds)) s; simulator: \(s.heartbeats.count) heartbeats in all, "
            + "\(s.failedHeartbeats.count) failed, \(s.overruns) overruns, \(s.reconnects) reconnects, "
            + "\(s.connectFailures) failed connects, \(s.pollFailures) failed polls, \(s.receipts.count) receipts"
    }
}
