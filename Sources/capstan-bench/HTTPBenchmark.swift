import Foundation
import Logging

/// One run of `capstan-bench http`: start capstan and nginx, load both with wrk, hold idle
/// connections, and collect a report. Every child process is stopped on every way out.
struct HTTPBenchmark {
    struct Settings: Sendable {
        let capstan: String
        let targetURL: String?
        let token: String?
        let path: String
        let load: WrkLoad
        let warmupSeconds: Int
        let idleConnections: Int
        let nginx: String
        let wrk: String
    }

    /// The server under test: capstan started here, or whatever listens at --target-url.
    struct Target {
        let name: String
        let endpoint: Endpoint
        let process: ChildProcess?
    }

    let settings: Settings
    let logger = Logger(label: "capstan-bench")
    /// Sent with every request: the bench's own token for a capstan it started, or --token.
    private(set) var headers: [String: String] = [:]

    /// Removes its temporary directory on success; keeps it, with the logs, after a failure.
    mutating func run() async throws -> BenchReport {
        try checkPrerequisites()
        let directory = try TemporaryDirectory(prefix: "capstan-bench")
        do {
            let report = try await run(in: directory)
            directory.remove()
            return report
        } catch {
            logger.error("logs and configuration kept in \(directory.url.path)")
            throw error
        }
    }

    private mutating func run(in directory: TemporaryDirectory) async throws -> BenchReport {
        let (target, token) = try await startTarget(in: directory)
        headers = token.map { ["Authorization": "Bearer \($0)"] } ?? [:]
        let wrk = Wrk(executable: settings.wrk, directory: directory, headers: headers)
        defer { target.process?.stop() }
        let sample = try fetch(target.endpoint)
        logger.info("\(target.endpoint): \(sample.status), \(sample.body.count) bytes")
        let (nginx, nginxEndpoint) = try await NginxServer.start(
            executable: settings.nginx, path: settings.path, body: sample.body,
            contentType: sample.contentType ?? "application/octet-stream", in: directory)
        defer { nginx.stop() }
        try checkSameResponse(at: nginxEndpoint, as: sample)

        var report = BenchReport(title: title(for: sample))
        report.notes.append(loadNote())
        report.runs.append(.init(target: "nginx (same bytes)", result: try await measure(nginxEndpoint, wrk)))
        report.runs.append(.init(target: target.name, result: try await measure(target.endpoint, wrk)))
        if settings.idleConnections > 0 {
            try await measureWithIdleConnections(target, wrk, into: &report)
        }
        return report
    }

    private func startTarget(in directory: TemporaryDirectory) async throws -> (Target, token: String?) {
        if let url = settings.targetURL {
            return (Target(name: "target", endpoint: try Endpoint(url: url), process: nil), settings.token)
        }
        let token = try settings.token ?? BenchCredentials.seed(dataDirectory: directory.path("capstan-data"))
        logger.info("starting \(settings.capstan) serve")
        let (server, endpoint) = try await CapstanServer.start(
            executable: settings.capstan, path: settings.path, in: directory)
        return (Target(name: "capstan", endpoint: endpoint, process: server), token)
    }

    /// One measured wrk run, after an unmeasured warm-up.
    func measure(_ endpoint: Endpoint, _ wrk: Wrk, label: String = "run") async throws -> WrkResult {
        let name = "\(endpoint.port)-\(label)"
        if settings.warmupSeconds > 0 {
            let warmup = settings.load.lasting(settings.warmupSeconds)
            _ = try await wrk.run(warmup, against: endpoint, label: name + "-warmup")
        }
        logger.info("\(settings.load) --latency \(endpoint)")
        return try await wrk.run(settings.load, against: endpoint, label: name)
    }

    /// GET once, expecting a 2xx response.
    func fetch(_ endpoint: Endpoint) throws -> HTTPResponse {
        let connection = try HTTPConnection.open(to: endpoint)
        defer { connection.close() }
        let response = try connection.get(headers: headers)
        guard (200..<300).contains(response.status) else {
            let hint = response.status == 401 ? "; pass an API token with --token" : ""
            throw BenchError("GET \(endpoint) answered \(response.status)\(hint)")
        }
        return response
    }

    /// Other work on the machine skews every number; say how much there was.
    private func loadNote() -> String {
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first
        return "Load average when the runs began: \(load ?? "?") (1 min)."
    }

    private func title(for sample: HTTPResponse) -> String {
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        return "GET \(settings.path): \(sample.body.count) bytes of \(sample.contentType ?? "?"), "
            + "\(settings.load) --latency, \(cpus) CPUs"
    }
}
