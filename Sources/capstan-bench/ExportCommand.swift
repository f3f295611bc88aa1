import ArgumentParser
import Foundation

/// `capstan-bench export`: the release history export over a long history, with the server's memory.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Stream release history exports from a seeded history and watch the server's memory.",
        discussion: """
            Seeds a temporary data directory with --releases finished releases of --jobs-per-release \
            jobs each (SQLite, one transaction), starts `capstan serve` on it, and downloads \
            /api/v1/exports/releases with curl as CSV and NDJSON, per release and with detail=hosts. \
            Reports records, bytes, time, MB/s and the server's CPU time, and its resident memory before, \
            during (highest sample every 10 ms) and after each export. Run it from the repository root \
            after `swift build -c release`; it needs curl.
            """
    )

    @Option(help: "Releases to seed.") var releases = 100_000
    @Option(help: "Jobs (hosts) per release.") var jobsPerRelease = 10
    @Option(help: "The capstan executable to start.") var capstan = ".build/release/capstan"
    @Option(help: "The curl executable.") var curl = "/usr/bin/curl"

    func validate() throws {
        guard releases > 0, jobsPerRelease > 0 else { throw ValidationError("--releases and --jobs-per-release must be positive") }
    }

    func run() async throws {
        Interrupt.install()
        let settings = ExportBenchmark.Settings(capstan: capstan, curl: curl, releases: releases, jobsPerRelease: jobsPerRelease)
        let (seedSeconds, peak, runs) = try await ExportBenchmark(settings: settings).run()
        print("seeded \(releases) releases and \(releases * jobsPerRelease) jobs in \(seedSeconds.formatted(.number.precision(.fractionLength(1)))) s; "
              + "server peak RSS over its life \(peak / 1024) MiB; MB = 10^6 bytes")
        let table = Self.table(runs)
        print(table.plainText())
        print("")
        print(table.markdown())
    }

    static func table(_ runs: [ExportBenchmark.Run]) -> Table {
        var table = Table(header: ["export", "records", "MB", "s", "MB/s", "records/s", "server CPU s", "RSS before MiB", "RSS during (max) MiB",
                                   "RSS after MiB"], rightAligned: Set(1...9))
        let decimal = { (value: Double) in value.formatted(.number.precision(.fractionLength(1))) }
        let mebibytes = { (kib: Int) in decimal(Double(kib) / 1024) }
        for run in runs {
            let megabytes = Double(run.bytes) / 1e6
            table.rows.append([run.name, "\(run.records)", decimal(megabytes), decimal(run.seconds), decimal(megabytes / run.seconds),
                               "\(Int(Double(run.records) / run.seconds))", decimal(run.serverCPUSeconds), mebibytes(run.rssBefore),
                               mebibytes(run.rssDuring), mebibytes(run.rssAfter)])
        }
        return table
    }
}
