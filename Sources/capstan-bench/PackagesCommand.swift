import ArgumentParser
import Foundation

/// `capstan-bench packages`: package upload and download throughput next to nginx serving the same file.
struct PackagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packages",
        abstract: "Time package uploads to capstan and downloads from capstan and nginx.",
        discussion: """
            Seeds a temporary data directory with a deployer's token and an application, starts \
            `capstan serve`, makes a .tar.gz of --size random bytes, and per run uploads it as a new \
            version with curl -T, downloads it back, and downloads the same file from nginx (sendfile \
            on). Run it from the repository root after `swift build -c release`; it needs nginx and curl.
            """
    )

    @Option(help: "Package size for `head -c`: bytes, or with a K, M or G suffix.")
    var size = "1G"

    @Option(help: "Runs (each an upload, a capstan download and an nginx download).")
    var runs = 3

    @Option(help: "The capstan executable to start.")
    var capstan = ".build/release/capstan"

    @Option(help: "The nginx executable.")
    var nginx = "/usr/sbin/nginx"

    @Option(help: "The curl executable.")
    var curl = "/usr/bin/curl"

    @Option(help: "Also write the results to this file, as Markdown.")
    var output: String?

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard size.wholeMatch(of: /[1-9][0-9]*[KMG]?/) != nil else {
            throw ValidationError("--size must be a number of bytes, optionally with a K, M or G suffix")
        }
    }

    func run() async throws {
        Interrupt.install()
        let benchmark = PackageBenchmark(settings: .init(capstan: capstan, nginx: nginx, curl: curl, size: size, runs: runs))
        let (results, bytes) = try await benchmark.run()
        let table = Self.table(results)
        print("package: \(bytes) bytes (\(size) of random data, gzipped); MB = 10^6 bytes")
        print(table.plainText())
        if let output {
            try table.markdown().write(toFile: output, atomically: true, encoding: .utf8)
        }
    }

    static func table(_ runs: [PackageBenchmark.Run]) -> Table {
        var table = Table(header: ["run", "upload MB/s", "capstan download MB/s", "nginx download MB/s", "capstan / nginx"],
                          rightAligned: [1, 2, 3, 4])
        for (index, run) in runs.enumerated() {
            table.rows.append([
                "\(index + 1)", megabytes(run.upload), megabytes(run.capstanDownload), megabytes(run.nginxDownload),
                (run.capstanDownload / run.nginxDownload * 100).formatted(.number.precision(.fractionLength(1))) + " %",
            ])
        }
        return table
    }

    private static func megabytes(_ bytesPerSecond: Double) -> String {
        (bytesPerSecond / 1e6).formatted(.number.precision(.fractionLength(0)))
    }
}
