import Foundation

/// The results of `capstan-bench http`, as a throughput table and a memory table.
struct BenchReport: Sendable {
    /// One wrk run; the first one added is nginx, the baseline for the percentage column.
    struct Run: Sendable {
        let target: String
        let result: WrkResult
    }

    /// The server's memory at one point of the run.
    struct MemorySample: Sendable {
        let moment: String
        let memory: ProcessMemory
    }

    let title: String
    var runs: [Run] = []
    var memory: [MemorySample] = []
    var notes: [String] = []

    func plainText() -> String {
        var parts = [title, throughput().plainText()]
        if !memory.isEmpty { parts.append(memoryTable().plainText()) }
        return (parts + notes).joined(separator: "\n\n")
    }

    func markdown() -> String {
        var parts = ["## \(title)", throughput().markdown()]
        if !memory.isEmpty { parts.append(memoryTable().markdown()) }
        return (parts + notes).joined(separator: "\n\n") + "\n"
    }

    private func throughput() -> Table {
        var table = Table(
            header: ["target", "req/s", "p50", "p75", "p90", "p99", "errors", "% of nginx"],
            rightAligned: [1, 2, 3, 4, 5, 6, 7]
        )
        let baseline = runs.first?.result.requestsPerSecond ?? 0
        for run in runs {
            let latency = [50, 75, 90, 99].map { Self.format(milliseconds: run.result.latencyMilliseconds[$0]) }
            let share = baseline > 0 ? run.result.requestsPerSecond / baseline * 100 : 0
            table.rows.append(
                [run.target, Self.format(rate: run.result.requestsPerSecond)] + latency
                    + ["\(run.result.errors)", String(format: "%.1f%%", share)])
        }
        return table
    }

    private func memoryTable() -> Table {
        var table = Table(header: ["capstan memory", "VmRSS", "VmHWM"], rightAligned: [1, 2])
        for sample in memory {
            table.rows.append([
                sample.moment, Self.format(kibibytes: sample.memory.residentKiB),
                Self.format(kibibytes: sample.memory.peakResidentKiB),
            ])
        }
        return table
    }

    static func format(rate: Double) -> String {
        String(format: "%.0f", rate)
    }

    static func format(milliseconds: Double?) -> String {
        guard let milliseconds else { return "-" }
        if milliseconds < 1 { return String(format: "%.0fus", milliseconds * 1000) }
        return String(format: "%.2fms", milliseconds)
    }

    static func format(kibibytes: Int) -> String {
        String(format: "%.1f MiB", Double(kibibytes) / 1024)
    }
}
