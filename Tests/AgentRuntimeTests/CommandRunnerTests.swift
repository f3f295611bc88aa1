import Foundation
import Glibc
import Testing
@testable import AgentRuntime

struct CommandRunnerTests {
    let scratch: Scratch
    let runner = CommandRunner(killGrace: .seconds(2), drain: .milliseconds(100))

    init() throws { scratch = try Scratch() }

    private func command(_ script: String, timeout: Duration = .seconds(20), environment: [String: String] = ["PATH": "/usr/bin:/bin"]) -> Command {
        Command(script: script, directory: scratch.path, environment: environment, account: nil, timeout: timeout)
    }

    @Test("runs in the given directory with exactly the given environment")
    func directoryAndEnvironment() async throws {
        let output = OutputCollector()
        let outcome = try await runner.run(command("pwd; echo \"app=$CAPSTAN_APPLICATION\"; echo \"home=${HOME:-unset}\"",
                                                   environment: ["PATH": "/usr/bin:/bin", "CAPSTAN_APPLICATION": "shop"])) { output.append($0) }
        #expect(outcome == CommandOutcome(exitStatus: 0))
        #expect(output.text == "\(scratch.path)\napp=shop\nhome=unset\n")
    }

    @Test("merges stdout and stderr in arrival order and reports the exit status")
    func mergedOutput() async throws {
        let output = OutputCollector()
        let outcome = try await runner.run(command("echo one; echo two >&2; echo three; exit 3")) { output.append($0) }
        #expect(outcome.exitStatus == 3)
        #expect(output.text == "one\ntwo\nthree\n")
    }

    @Test("a command killed by a signal reports the negative signal number")
    func signalled() async throws {
        let outcome = try await runner.run(command("kill -9 $$")) { _ in }
        #expect(outcome.exitStatus == -9)
    }

    @Test("a timeout kills the whole process group, children included")
    func timeoutKillsGroup() async throws {
        let output = OutputCollector()
        let started = ContinuousClock.now
        let outcome = try await runner.run(command("sleep 300 & echo $!; sleep 300", timeout: .milliseconds(500))) { output.append($0) }
        #expect(outcome.timedOut)
        #expect(ContinuousClock.now - started < .seconds(10))
        let child = try #require(pid_t(output.text.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await isGone(child))
    }

    @Test("a child that ignores SIGTERM gets SIGKILL after the grace period")
    func killAfterGrace() async throws {
        let output = OutputCollector()
        let outcome = try await runner.run(command("sh -c 'trap \"\" TERM; sleep 300' & echo $!; sleep 300", timeout: .milliseconds(300))) {
            output.append($0)
        }
        #expect(outcome.timedOut)
        let child = try #require(pid_t(output.text.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await isGone(child))
    }

    @Test("the step ends when the shell exits; a backgrounded server keeps running")
    func backgroundChildSurvives() async throws {
        let started = ContinuousClock.now
        let output = OutputCollector()
        let outcome = try await runner.run(command("sleep 60 & echo $!")) { output.append($0) }
        #expect(outcome == CommandOutcome(exitStatus: 0))
        #expect(ContinuousClock.now - started < .seconds(5))
        let child = try #require(pid_t(output.text.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(isAlive(child))
        kill(child, SIGKILL)
    }

    @Test("cancelling the calling task kills the group")
    func cancellation() async throws {
        let output = OutputCollector()
        let runner = runner, command = command("sleep 300 & echo $!; sleep 300")
        let task = Task { try await runner.run(command) { output.append($0) } }
        while output.text.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        let outcome = try await task.value
        #expect(outcome.cancelled)
        let child = try #require(pid_t(output.text.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await isGone(child))
    }

    @Test("a missing working directory is a clear failure")
    func missingDirectory() async throws {
        var command = command("true")
        command.directory = "\(scratch.path)/nope"
        await #expect(throws: StepFailure.self) { try await runner.run(command) { _ in } }
    }
}
