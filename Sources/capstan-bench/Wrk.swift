/// Runs wrk (from Debian's `wrk` package) and reads its report.
struct Wrk {
    let executable: String
    let directory: TemporaryDirectory
    let headers: [String: String]

    /// One run of `load` against `endpoint`, with `--latency` so the percentiles are printed.
    func run(_ load: WrkLoad, against endpoint: Endpoint, label: String) async throws -> WrkResult {
        var arguments = ["-t\(load.threads)", "-c\(load.connections)", "-d\(load.seconds)s", "--latency"]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        let wrk = try ChildProcess(
            name: "wrk", executable: executable, arguments: arguments + ["\(endpoint)"],
            logPath: directory.path("wrk-\(label).log")
        )
        defer { wrk.stop() }
        let status = try await wrk.waitForExit()
        guard status == 0 else { throw wrk.failure("exited with status \(status)") }
        guard let result = WrkResult(parsing: wrk.output) else {
            throw wrk.failure("printed no Requests/sec and latency distribution")
        }
        return result
    }
}
