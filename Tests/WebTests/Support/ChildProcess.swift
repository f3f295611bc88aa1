import Foundation

/// A built executable (`capstan` unless told otherwise) run as a child process, its output sent to files in a temporary
/// directory (no pipe can fill up and stall it), with no `CAPSTAN_*` variables inherited.
final class ChildProcess {
    let directory: TemporaryDirectory
    private let process = Process()
    private let exits: AsyncStream<Int32>

    init(_ arguments: [String], environment: [String: String] = [:], executable: String = Repository.capstanExecutable) throws {
        directory = try TemporaryDirectory()
        // The shell sends the output to files: a FileHandle handed to Process can be closed twice by
        // Foundation under concurrency (swiftlang/swift#57827), and a second close() of a reused
        // descriptor number cut off unrelated sockets in parallel tests.
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", #"exec "$0" "$@" >stdout 2>stderr"#, executable] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CAPSTAN_") }
            .merging(environment) { _, new in new }
        try directory.write("", to: "stdout")
        try directory.write("", to: "stderr")
        let (exits, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.exits = exits
        process.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
        }
        try process.run()
    }

    /// Runs `capstan arguments` to the end.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try ChildProcess(arguments, environment: environment)
        let status = await child.exitStatus()
        return (status, child.stdout, child.stderr)
    }

    var stdout: String { (try? String(contentsOfFile: directory.path + "/stdout", encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: directory.path + "/stderr", encoding: .utf8)) ?? "" }

    /// The exit status, once the process has ended.
    /// The exit status; a child still running after `limit` is killed and reported as -1, so a lost
    /// signal fails the test instead of hanging the suite.
    func exitStatus(limit: Duration = .seconds(30)) async -> Int32 {
        let exits = self.exits
        let process = self.process
        return await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                for await status in exits { return status }
                return Task.isCancelled || process.isRunning ? nil : process.terminationStatus
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next()!
            group.cancelAll()
            if let first { return first }
            kill(process.processIdentifier, SIGKILL)
            return -1
        }
    }

    /// Waits (up to `limit`) until standard error contains `text`; returns the output so far.
    func waitForStandardError(containing text: String, limit: Duration = .seconds(20)) async throws -> String {
        try await waitFor(text, in: { self.stderr }, limit: limit)
    }

    /// Waits (up to `limit`) until standard output contains `text`; returns the output so far.
    func waitForStandardOutput(containing text: String, limit: Duration = .seconds(20)) async throws -> String {
        try await waitFor(text, in: { self.stdout }, limit: limit)
    }

    private func waitFor(_ text: String, in output: () -> String, limit: Duration) async throws -> String {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let current = output()
            if current.contains(text) || !process.isRunning { return current }
            try await Task.sleep(for: .milliseconds(20))
        }
        return output()
    }

    /// Sends SIGTERM.
    func terminate() {
        process.terminate()
    }

    /// Sends SIGKILL: the process gets no chance to clean up.
    func killHard() {
        kill(process.processIdentifier, SIGKILL)
    }

    var isRunning: Bool { process.isRunning }
}
