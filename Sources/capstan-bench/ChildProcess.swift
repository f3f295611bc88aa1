import Foundation

/// A child process whose stdout and stderr go to a log file, so nothing has to drain a pipe while
/// it runs and its output is there to show when it fails.
final class ChildProcess: Sendable {
    let name: String
    let logPath: String
    private let process: Process

    /// Starts `executable` with `arguments` and this process's environment plus `environment`;
    /// stdin is /dev/null.
    init(
        name: String, executable: String, arguments: [String], environment: [String: String] = [:],
        logPath: String
    ) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchError("\(name): no executable at \(executable)")
        }
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let log = FileHandle(forWritingAtPath: logPath) else {
            throw BenchError("\(name): cannot write its log to \(logPath)")
        }
        defer { try? log.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try Self.withNoSignalsBlocked { try process.run() }
        self.name = name
        self.logPath = logPath
        self.process = process
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until the output contains `text`; throws, quoting the output, if the process exits first.
    func waitForOutput(containing text: String, timeoutSeconds: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while !output.contains(text) {
            try Interrupt.check()
            guard isRunning else { throw failure("exited (status \(process.terminationStatus))") }
            guard Date() < deadline else { throw failure("printed no '\(text)' in \(Int(timeoutSeconds)) s") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Waits for the process to exit by itself and returns its status; stops it if interrupted.
    func waitForExit() async throws -> Int32 {
        while isRunning {
            if Interrupt.isRequested { stop() }
            try Interrupt.check()
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    /// SIGTERM, up to `graceSeconds` to exit, then SIGKILL. Blocking, so it can run in a `defer`.
    func stop(graceSeconds: Double = 10) {
        guard isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(graceSeconds)
        while isRunning && Date() < deadline { usleep(20_000) }
        if isRunning {
            kill(pid, SIGKILL)
            while isRunning { usleep(20_000) }
        }
    }

    /// Runs `body` with this thread's signal mask cleared. A child inherits its parent thread's mask,
    /// and the threads Swift concurrency runs on block SIGTERM and SIGINT, so a child spawned from
    /// one would never see the SIGTERM that `stop()` sends.
    private static func withNoSignalsBlocked<T>(_ body: () throws -> T) rethrows -> T {
        var none = sigset_t()
        var previous = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    /// An error naming the process, with the end of its output.
    func failure(_ what: String) -> BenchError {
        let tail = output.split(separator: "\n", omittingEmptySubsequences: false).suffix(20)
        return BenchError("\(name) \(what); last output (\(logPath)):\n\(tail.joined(separator: "\n"))")
    }
}
