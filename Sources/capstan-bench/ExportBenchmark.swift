import Core
import Foundation
import Synchronization

/// Seeds a long release history, starts `capstan serve` on it, and streams exports with curl while
/// sampling the server's resident memory, to show the exports run in constant memory.
struct ExportBenchmark: Sendable {
    struct Settings: Sendable {
        let capstan: String
        let curl: String
        let releases: Int
        let jobsPerRelease: Int
    }

    /// One export's figures. Memory in KiB: the server's VmRSS before the export, its highest sample
    /// during it (every 10 ms), and after it.
    struct Run: Sendable {
        let name: String
        let records: Int
        let bytes: Int64
        let seconds: Double
        let serverCPUSeconds: Double
        let rssBefore: Int
        let rssDuring: Int
        let rssAfter: Int
    }

    static let exports: [(name: String, query: String)] = [
        ("releases, csv", "format=csv"),
        ("releases, ndjson", "format=ndjson"),
        ("hosts (detail=hosts), csv", "format=csv&detail=hosts"),
        ("hosts (detail=hosts), ndjson", "format=ndjson&detail=hosts"),
    ]

    let settings: Settings

    /// The seeding time, the server's peak RSS over its whole life (VmHWM, KiB) and the runs.
    func run() async throws -> (seedSeconds: Double, peakKiB: Int, runs: [Run]) {
        let directory = try TemporaryDirectory(prefix: "capstan-bench-export")
        defer { directory.remove() }
        let started = ContinuousClock.now
        let token = try ExportSeeder(releases: settings.releases, jobsPerRelease: settings.jobsPerRelease, machines: 1_000)
            .seed(dataDirectory: directory.path("capstan-data"))
        let seedSeconds = (ContinuousClock.now - started).seconds
        let (capstan, endpoint) = try await CapstanServer.start(executable: settings.capstan, path: "/", in: directory)
        defer { capstan.stop() }
        var runs: [Run] = []
        for export in Self.exports {
            try Interrupt.check()
            let url = "http://\(endpoint.host):\(endpoint.port)/api/v1/exports/releases?\(export.query)"
            runs.append(try await measure(export.name, url: url, token: token, server: capstan.pid, in: directory))
        }
        return (seedSeconds, ProcessMemory.of(pid: capstan.pid)?.peakResidentKiB ?? 0, runs)
    }

    private func measure(_ name: String, url: String, token: String, server: Int32, in directory: TemporaryDirectory) async throws -> Run {
        let before = ProcessMemory.of(pid: server)?.residentKiB ?? 0
        let cpuBefore = ProcessCPU.secondsUsed(pid: server)
        let highest = Mutex(before)
        let sampler = Task {
            while !Task.isCancelled {
                if let memory = ProcessMemory.of(pid: server) { highest.withLock { $0 = max($0, memory.residentKiB) } }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        let output = directory.path("export.out")
        let started = ContinuousClock.now
        let curl = try ChildProcess(name: "curl", executable: settings.curl,
                                    arguments: ["-sS", "--fail", "-o", output, "-H", "Authorization: Bearer \(token)", url],
                                    logPath: directory.path("curl.log"))
        let status = try await curl.waitForExit()
        let seconds = (ContinuousClock.now - started).seconds
        sampler.cancel()
        guard status == 0 else { throw curl.failure("export failed (status \(status))") }
        let cpu = ProcessCPU.secondsUsed(pid: server) - cpuBefore
        let (bytes, lines) = try Self.count(output)
        let records = name.hasSuffix("csv") ? lines - 1 : lines
        try? FileManager.default.removeItem(atPath: output)
        return Run(name: name, records: records, bytes: bytes, seconds: seconds, serverCPUSeconds: cpu, rssBefore: before,
                   rssDuring: highest.withLock { $0 }, rssAfter: ProcessMemory.of(pid: server)?.residentKiB ?? 0)
    }

    /// The file's size and its number of line feeds, read in 1 MiB pieces.
    private static func count(_ path: String) throws -> (bytes: Int64, lines: Int) {
        guard let file = FileHandle(forReadingAtPath: path) else { throw BenchError("cannot read \(path)") }
        defer { try? file.close() }
        var (bytes, lines): (Int64, Int) = (0, 0)
        while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty {
            bytes += Int64(chunk.count)
            lines += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        return (bytes, lines)
    }
}
