import Core
import Foundation
import Glibc
import Synchronization
import Testing
@testable import AgentRuntime

struct HealthCheckerTests {
    let scratch: Scratch
    let log: JobLog
    let sleeper = RecordingSleeper()
    var checker: HealthChecker { HealthChecker(runner: CommandRunner(drain: .milliseconds(50)), sleeper: sleeper.sleeper) }

    init() throws {
        scratch = try Scratch()
        log = try JobLog(path: "\(scratch.path)/job.log")
    }

    private var context: Command {
        Command(script: "", directory: scratch.path, environment: ["PATH": "/usr/bin:/bin"], account: nil, timeout: .seconds(5))
    }

    @Test("http: tries until the expected status, logging each answer")
    func httpRetries() async throws {
        let calls = Mutex(0)
        let server = try TestHTTPServer { _ in
            calls.withLock { $0 += 1; return $0 } < 3 ? .init(status: 503) : .init(status: 200)
        }
        let check = HealthCheck.http(url: "\(server.url)/healthz", expectedStatus: 200, timing: .init(interval: 2, timeout: 2, retries: 3))
        let tries = try await checker.check(check, command: context, log: log)
        #expect(tries == 3)
        #expect(sleeper.recorded == [.seconds(2), .seconds(2)])
        let text = scratch.read("job.log") ?? ""
        #expect(text.contains("health check 1/4 (http): HTTP 503"))
        #expect(text.contains("health check 3/4 (http): HTTP 200"))
        #expect(server.received.first?.path == "/healthz")
    }

    @Test("http: a status that never matches fails with the last answer")
    func httpFails() async throws {
        let server = try TestHTTPServer { _ in .init(status: 503) }
        let check = HealthCheck.http(url: server.url, expectedStatus: 200, timing: .init(interval: 1, timeout: 2, retries: 3))
        await #expect(throws: StepFailure("health check failed after 4 tries: HTTP 503")) {
            try await checker.check(check, command: context, log: log)
        }
        #expect(sleeper.recorded.count == 3)
    }

    @Test("tcp: a listening port passes; a closed one fails with the reason")
    func tcp() async throws {
        let server = try TestHTTPServer { _ in .init(status: 200) }
        #expect(try await checker.check(.tcp(port: server.port, timing: .init(retries: 0)), command: context, log: log) == 1)
        let closed = try closedPort()
        await #expect(throws: StepFailure("health check failed after 1 try: 127.0.0.1:\(closed): Connection refused")) {
            try await checker.check(.tcp(port: closed, timing: .init(retries: 0)), command: context, log: log)
        }
    }

    @Test("command: exit 0 passes, and its output lands in the log")
    func command() async throws {
        let marker = "\(scratch.path)/tries"
        let check = HealthCheck.command("echo try >> \(marker); [ $(wc -l < \(marker)) -ge 2 ]", timing: .init(interval: 3, timeout: 5, retries: 5))
        #expect(try await checker.check(check, command: context, log: log) == 2)
        #expect(sleeper.recorded == [.seconds(3)])
        #expect((scratch.read("job.log") ?? "").contains("health check 2/6 (command): exit status 0"))
    }

    /// A port nothing listens on: a server's, after it closed.
    private func closedPort() throws -> Int {
        try TestHTTPServer { _ in .init(status: 200) }.port
    }
}
