import Core
import Foundation
import Logging
import Testing
@testable import AgentRuntime

/// The agent process's loop against a small contract server: enroll, heartbeat, long poll, run a
/// delivered job once, report its events and result, stop on request; a 401 ends it.
struct AgentTests {
    let scratch: Scratch
    init() throws { scratch = try Scratch() }

    private func makeServer(start: String) async throws -> ContractServer {
        _ = try scratch.file("src/app.txt", "hello\n")
        let path = "\(scratch.path)/app.tar.gz"
        try await shell("tar -czf '\(path)' -C '\(scratch.path)/src' .")
        let (size, sha256) = try await PackageFile.digest(path)
        let job = makeJob(id: 42, root: "\(scratch.path)/apps", release: 3, start: start,
                          package: .init(id: 5, sha256: sha256, size: size))
        return try ContractServer(job: job, package: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private func until(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while !condition() {
            guard ContinuousClock.now < deadline else { Issue.record("timed out waiting"); return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test("enrolls, runs a job delivered twice exactly once, reports it, and stops cleanly")
    func runsJobOnce() async throws {
        let server = try await makeServer(start: "echo started >> \(scratch.path)/starts; echo output")
        let state = StateDirectory(path: "\(scratch.path)/state")
        let identity = try await Enrollment.enroll(server: server.url, token: "cse_enroll", state: state)
        #expect(identity.token == ContractServer.token)
        let mode = try FileManager.default.attributesOfItem(atPath: "\(state.path)/identity.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        await #expect(throws: AgentError.self) { try await Enrollment.enroll(server: server.url, token: "cse_enroll", state: state) }

        let agent = try Agent(options: AgentOptions(state: state, grace: .seconds(5)), logger: Logger(label: "test"))
        let run = Task { try await agent.run() }
        try await until { server.withState { $0.events.contains { $0.result != nil } && !$0.heartbeats.isEmpty } }
        try await until { server.withState { $0.polls > 3 } }
        await agent.stop()
        try await run.value

        #expect(scratch.read("starts") == "started\n")
        let session = await agent.session
        let (events, sessions, heartbeats, logBytes) = server.withState { ($0.events, $0.pollSessions, $0.heartbeats, $0.logBytes) }
        let result = try #require(events.compactMap(\.result).first)
        #expect(result.outcome == .succeeded, "\(result.message)")
        #expect(events.first?.started != nil)
        #expect(events.allSatisfy { $0.session == session })
        #expect(sessions.allSatisfy { $0 == session })
        #expect(heartbeats.allSatisfy { $0.session == session && !$0.facts.hostname.isEmpty })
        #expect(logBytes == result.logBytes)
        #expect(try String(contentsOfFile: "\(state.jobsPath)/42.log", encoding: .utf8).contains("output\n"))
        #expect(JobStore.unacknowledgedResults(in: state).isEmpty)
    }

    @Test("a 401 ends the run with the re-enroll message")
    func unauthorizedEnds() async throws {
        let server = try await makeServer(start: "")
        let state = StateDirectory(path: "\(scratch.path)/state")
        _ = try await Enrollment.enroll(server: server.url, token: "cse_enroll", state: state)
        server.withState { $0.rejectToken = true }
        let agent = try Agent(options: AgentOptions(state: state), logger: Logger(label: "test"))
        await #expect(throws: AgentError.unauthorized(
            "the server no longer knows this agent (machine deleted or token revoked); re-enroll with `capstan-agent enroll --force`")) {
            try await agent.run()
        }
    }
}

extension JobStore {
    static func unacknowledgedResults(in state: StateDirectory) -> [JobResult] {
        (try? JobStore(state: state))?.unacknowledged() ?? []
    }
}
