import Foundation

/// `capstan serve` on a free port of 127.0.0.1 with a data directory of its own.
enum CapstanServer {
    /// Starts it and waits for its `listening on` line; `path` is what the bench will request.
    static func start(
        executable: String, path: String, in directory: TemporaryDirectory
    ) async throws -> (ChildProcess, Endpoint) {
        let port = try Socket.freePort()
        let data = directory.path("capstan-data")
        let server = try ChildProcess(
            name: "capstan", executable: executable,
            arguments: ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--data", data],
            environment: ["CAPSTAN_LOG_LEVEL": logLevel],
            logPath: directory.path("capstan.log")
        )
        do {
            try await server.waitForOutput(containing: "listening on")
        } catch {
            server.stop()
            throw error
        }
        return (server, Endpoint(host: "127.0.0.1", port: port, path: path))
    }

    /// `notice` keeps the `listening on` line and drops the per-request lines logged at `info`,
    /// as nginx runs with `access_log off`. CAPSTAN_LOG_LEVEL in the environment wins.
    private static var logLevel: String {
        ProcessInfo.processInfo.environment["CAPSTAN_LOG_LEVEL"] ?? "notice"
    }
}
