import Core
import Foundation
import Storage
@testable import Web

/// A real `capstan-agent` against a real server: `enroll` runs `capstan-agent enroll`, `start` runs
/// `capstan-agent run` as a child process with its own state directory, and `stop`/`kill` end it.
final class AgentProcess {
    let state: String
    let server: String
    private(set) var run: ChildProcess?
    private(set) var runs: [ChildProcess] = []

    init(state: String, server: String) {
        self.state = state
        self.server = server
    }

    /// Enrolls; throws with the agent's own message when it exits non-zero.
    func enroll(token: String) async throws {
        let child = try ChildProcess(["enroll", "--server", server, "--token", token, "--state", state], executable: Repository.agentExecutable)
        let status = await child.exitStatus()
        guard status == 0 else { throw RawHTTP.Failure("capstan-agent enroll exited \(status): \(child.stderr)") }
    }

    /// The machine id the agent enrolled as, from its identity file.
    func machineID() throws -> Int64 {
        let data = try Data(contentsOf: URL(fileURLWithPath: state + "/identity.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard let id = (object?["machineID"] as? NSNumber)?.int64Value else { throw RawHTTP.Failure("no machineID in identity.json") }
        return id
    }

    func start(arguments: [String] = []) throws {
        let child = try ChildProcess(["run", "--state", state] + arguments, executable: Repository.agentExecutable)
        run = child
        runs.append(child)
    }

    /// SIGTERM, then the exit status.
    @discardableResult
    func stop() async -> Int32 {
        guard let run else { return 0 }
        run.terminate()
        self.run = nil
        return await run.exitStatus(limit: .seconds(40))
    }

    /// SIGKILL: the agent gets no chance to report.
    func kill() async {
        guard let run else { return }
        run.killHard()
        self.run = nil
        _ = await run.exitStatus()
    }

    /// What every run of the agent wrote to standard error.
    var logs: String { runs.map(\.stderr).joined(separator: "\n--- restart ---\n") }
}

/// The whole server, as `withRunningApp`, but on the real clock with a 1 s heartbeat: agents are
/// real processes, so time is real time here. `offlineAfter` replaces the three missed heartbeats
/// after which a machine is offline (and its release jobs unreachable): tests that do not measure
/// it give a loaded machine more slack.
func withAgentServer<T>(offlineAfter: Duration? = nil, _ body: (RunningApp) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory()
    var configuration = RunningApp.makeConfiguration(in: directory)
    configuration.heartbeatInterval = .seconds(1)
    if let offlineAfter { configuration.offlineAfterSetting = offlineAfter }
    let clock = TestClock(Date())  // fixtures date their rows by it; the app itself reads the real clock
    let access = AccessSettings(now: { Date() }, hasher: PasswordHasher(rounds: 1_000))
    let app = try await App.make(configuration: configuration, metrics: .init(), access: access)
    let port = try app.start()
    let running = RunningApp(app: app, port: port, registry: .init(), directory: directory, clock: clock)
    do {
        let result = try await body(running)
        await app.shutdown()
        return result
    } catch {
        await app.shutdown()
        throw error
    }
}

/// Polls `condition` every 50 ms until it holds or `limit` passes; the last value it saw. For
/// waiting on real processes, whose progress no clock of ours controls.
func eventually<T>(limit: Duration = .seconds(30), _ condition: () async throws -> T?) async throws -> T? {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if let value = try await condition() { return value }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
