import Foundation
import Glibc
import Synchronization
@testable import AgentRuntime

/// A fresh temporary directory per test, removed when the test's value goes away.
final class Scratch: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/capstan-agent-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw AgentError.state("mkdtemp failed") }
        path = String(cString: made)
        chmod(path, 0o755)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String, _ text: String, mode: mode_t = 0o644) throws -> String {
        let target = "\(path)/\(name)"
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        chmod(target, mode)
        return target
    }

    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: "\(path)/\(relative)", encoding: .utf8)
    }
}

/// Runs a shell script in a real child process (through the agent's own runner) and returns its output.
@discardableResult
func shell(_ script: String, in directory: String = "/tmp", timeout: Duration = .seconds(60)) async throws -> String {
    let output = OutputCollector()
    let command = Command(script: script, directory: directory, environment: ["PATH": "/usr/bin:/bin"], account: nil, timeout: timeout)
    let outcome = try await CommandRunner(drain: .milliseconds(100)).run(command) { output.append($0) }
    guard outcome.isSuccess else { throw AgentError.state("`\(script)` failed (\(outcome.exitStatus)): \(output.text)") }
    return output.text
}

/// Collects a command's output across threads.
final class OutputCollector: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    func append(_ chunk: [UInt8]) { bytes.withLock { $0 += chunk } }
    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
}

/// Whether `pid` is a live process; a zombie (exited, waiting for a parent that never reaps it, as
/// PID 1 in this container does not) counts as gone.
func isAlive(_ pid: pid_t) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}

/// Whether `pid` is gone within `limit`: a process sent SIGKILL is dying, not dead, until the
/// kernel has run its exit, so a check right after the kill may still find it.
func isGone(_ pid: pid_t, within limit: Duration = .seconds(5)) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while isAlive(pid) {
        guard ContinuousClock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return true
}

/// Records the waits asked of it instead of waiting.
final class RecordingSleeper: Sendable {
    private let waits = Mutex<[Duration]>([])
    var recorded: [Duration] { waits.withLock { $0 } }
    var sleeper: Sleeper { { duration in self.waits.withLock { $0.append(duration) } } }
}
