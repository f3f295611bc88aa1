import ArgumentParser
import Foundation

/// `capstan-bench http`: capstan's requests per second and latency next to nginx serving the same bytes.
struct HTTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Compare capstan's HTTP throughput with nginx serving the same response.",
        discussion: """
            Starts `capstan serve` on a free port with a temporary data directory, fetches GET \
            /api/v1/ping once, has nginx serve the same bytes with the same Content-Type, and runs \
            wrk against both. Then it holds --idle keep-alive connections open to capstan, reports \
            the server's memory, and runs wrk again. Run it from the repository root after \
            `swift build -c release`; it needs `apt-get install -y nginx wrk`.
            """
    )

    @Option(help: "The capstan executable to start.")
    var capstan = ".build/release/capstan"

    @Option(help: "Load this URL instead of starting capstan (no memory figures then).")
    var targetURL: String?

    @Option(help: "An API token, sent to both servers as 'Authorization: Bearer <token>' (default: a token the bench creates for the capstan it starts).")
    var token: String?

    @Option(help: "The path requested from capstan.")
    var path = "/api/v1/ping"

    @Option(help: "Seconds each measured wrk run lasts.")
    var duration = 10

    @Option(help: "wrk connections.")
    var connections = 64

    @Option(help: "wrk threads.")
    var threads = 2

    @Option(help: "Seconds of unmeasured load before each measured run (0: none).")
    var warmup = 2

    @Option(help: "Keep-alive connections held open to capstan during a second run (0: skip).")
    var idle = 10_000

    @Option(help: "Also write the results to this file, as Markdown.")
    var output: String?

    @Option(help: "The nginx executable.")
    var nginx = "/usr/sbin/nginx"

    @Option(help: "The wrk executable.")
    var wrk = "/usr/bin/wrk"

    func validate() throws {
        guard duration > 0, warmup >= 0, idle >= 0 else {
            throw ValidationError("--duration must be positive; --warmup and --idle at least 0")
        }
        guard threads >= 1, connections >= threads else {
            throw ValidationError("--connections must be at least --threads, which must be at least 1")
        }
        guard path.hasPrefix("/") else { throw ValidationError("--path must start with /") }
    }

    func run() async throws {
        Interrupt.install()
        var benchmark = HTTPBenchmark(settings: settings)
        let report = try await benchmark.run()
        print(report.plainText())
        if let output {
            try report.markdown().write(toFile: output, atomically: true, encoding: .utf8)
        }
    }

    private var settings: HTTPBenchmark.Settings {
        HTTPBenchmark.Settings(
            capstan: capstan, targetURL: targetURL, token: token, path: path,
            load: WrkLoad(threads: threads, connections: connections, seconds: duration),
            warmupSeconds: warmup, idleConnections: idle, nginx: nginx, wrk: wrk
        )
    }
}
