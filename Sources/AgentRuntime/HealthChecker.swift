import Core
import Foundation
import Glibc
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Decides whether a freshly started release is healthy (`HealthCheck`): `1 + retries` tries, each
/// limited to `timing.timeout` seconds, `timing.interval` seconds apart (waited with the injected
/// sleeper), every try's outcome written to the job log.
struct HealthChecker: Sendable {
    var runner: CommandRunner
    var sleeper: Sleeper

    /// Returns the number of tries it took; throws "health check failed after N tries: <last>".
    func check(_ check: HealthCheck, command context: Command, log: JobLog) async throws(StepFailure) -> Int {
        let timing = check.timing
        let tries = 1 + max(0, timing.retries)
        var last = ""
        for attempt in 1...tries {
            if attempt > 1 {
                do { try await sleeper(.seconds(timing.interval)) } catch { throw StepFailure("health check cancelled") }
            }
            if Task.isCancelled { throw StepFailure("health check cancelled") }
            let (isHealthy, outcome) = await probe(check, context: context, log: log)
            log.line("health check \(attempt)/\(tries) (\(check.type)): \(outcome)")
            if isHealthy { return attempt }
            last = outcome
        }
        throw StepFailure("health check failed after \(tries) \(tries == 1 ? "try" : "tries"): \(last)")
    }

    private func probe(_ check: HealthCheck, context: Command, log: JobLog) async -> (Bool, String) {
        let timeout = max(1, check.timing.timeout)
        switch check {
        case .http(let url, let expectedStatus, _):
            let status = await Self.httpStatus(url, timeout: timeout)
            switch status {
            case .success(let code): return (code == expectedStatus, "HTTP \(code)")
            case .failure(let message): return (false, message)
            }
        case .tcp(let port, _):
            let error = await onThread("tcp check") { Self.connect(port: port, timeout: timeout) }
            return error.map { (false, "127.0.0.1:\(port): \($0)") } ?? (true, "127.0.0.1:\(port) accepted a connection")
        case .command(let script, _):
            var command = context
            command.script = script
            command.timeout = .seconds(timeout)
            do {
                let outcome = try await runner.run(command) { log.append($0) }
                log.flush()
                if outcome.timedOut { return (false, "timed out after \(timeout) s") }
                return (outcome.exitStatus == 0, "exit status \(outcome.exitStatus)")
            } catch {
                return (false, error.message)
            }
        }
    }

    enum ProbeResult: Sendable { case success(Int), failure(String) }

    static func httpStatus(_ url: String, timeout: Int) async -> ProbeResult {
        guard let target = URL(string: url) else { return .failure("not a URL: \(url)") }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = TimeInterval(timeout)
        configuration.timeoutIntervalForResource = TimeInterval(timeout)
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: target, timeoutInterval: TimeInterval(timeout))
        request.setValue("capstan-agent/\(capstanVersion)", forHTTPHeaderField: "User-Agent")
        do {
            let (_, response) = try await session.load(request)
            return .success((response as? HTTPURLResponse)?.statusCode ?? 0)
        } catch {
            return .failure(AgentClient.describe(error))
        }
    }

    /// nil when 127.0.0.1:port accepted a connection within `timeout` seconds, else why not.
    static func connect(port: Int, timeout: Int) -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return "socket: \(errnoText())" }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc == 0 { return nil }
        guard errno == EINPROGRESS else { return errnoText() }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) > 0 else { return "no connection within \(timeout) s" }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        return error == 0 ? nil : errnoText(error)
    }
}
