import Foundation
import Glibc
import Subprocess

/// One shell command of a job: `/bin/sh -c script` in `directory`, with exactly `environment`,
/// as `account` (nil: as the agent itself), limited to `timeout`.
struct Command: Sendable {
    var script: String
    var directory: String
    var environment: [String: String]
    var account: Account?
    var timeout: Duration
}

/// How a command ended: its exit status (negative: the signal that ended it), and whether the
/// agent killed its process group because of the timeout or a cancellation.
struct CommandOutcome: Sendable, Equatable {
    var exitStatus: Int32
    var timedOut = false
    var cancelled = false

    var isSuccess: Bool { exitStatus == 0 && !timedOut && !cancelled }
}

/// Runs commands through swift-subprocess in a session of their own (so the whole process group can
/// be killed), streaming merged stdout and stderr to `output` as it arrives.
///
/// The command ends when the shell exits (plus `drain` for output still in the pipe); processes
/// it backgrounded keep running. On timeout, or when the calling task is cancelled, the group gets
/// SIGTERM and, after `killGrace`, SIGKILL.
struct CommandRunner: Sendable {
    /// util-linux's `setpriv`, which a root agent execs to become the application's account.
    static let setpriv = "/usr/bin/setpriv"
    var killGrace: Duration = .seconds(5)
    var drain: Duration = .milliseconds(200)

    func run(_ command: Command, output: @escaping @Sendable ([UInt8]) -> Void) async throws(StepFailure) -> CommandOutcome {
        var fds: [Int32] = [-1, -1]
        // Glibc's module lacks pipe2; the race before FD_CLOEXEC is harmless because swift-subprocess
        // closes every descriptor above 2 in its children.
        guard pipe(&fds) == 0 else { throw StepFailure("cannot create a pipe: \(errnoText())") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        let pump = OutputPump(fd: fds[0], drain: drain, onChunk: output)
        let started = AsyncStream.makeStream(of: pid_t.self)
        let configuration = makeConfiguration(command)
        let process = Task { () throws -> TerminationStatus in
            // A spawn failure never reaches the body; finishing here ends the wait for a pid.
            defer { started.continuation.finish() }
            return try await Subprocess.run(
                configuration, input: .none,
                output: .fileDescriptor(.init(rawValue: fds[1]), closeAfterSpawningProcess: true),
                error: .combinedWithOutput
            ) { execution in
                started.continuation.yield(execution.processIdentifier.value)
                started.continuation.finish()
            }.terminationStatus
        }
        var iterator = started.stream.makeAsyncIterator()
        guard let pid = await iterator.next() else {
            pump.commandExited()
            await pump.finish()
            let reason = await failureReason(of: process)
            throw StepFailure("cannot start /bin/sh in \(command.directory): \(reason)")
        }
        let group = ProcessGroup(id: pid)
        let ending = await watch(process, group: group, timeout: command.timeout)
        pump.commandExited()
        await pump.finish()
        return ending
    }

    private func makeConfiguration(_ command: Command) -> Configuration {
        var options = PlatformOptions()
        options.createSession = true
        var arguments = ["/bin/sh", "-c", command.script]
        if let account = command.account, geteuid() == 0, account.uid != geteuid() {
            // The switch happens in setpriv, after exec. swift-subprocess's own userID/groupID calls
            // setgroups in the forked child of this multi-threaded process, and glibc's setxid there
            // sometimes waits forever for a thread that only existed in the parent (seen in tests).
            let groups = Set(account.groups + [account.gid]).sorted().map(String.init).joined(separator: ",")
            arguments = [Self.setpriv, "--reuid=\(account.uid)", "--regid=\(account.gid)", "--groups=\(groups)", "--"] + arguments
        }
        var environment: [Environment.Key: String] = [:]
        for (key, value) in command.environment {
            if let key = Environment.Key(rawValue: key) { environment[key] = value }
        }
        return Configuration(executable: .path(.init(arguments[0])), arguments: .init(Array(arguments.dropFirst())),
                             environment: .custom(environment), workingDirectory: .init(command.directory),
                             platformOptions: options)
    }

    /// Waits for the shell, killing its group on timeout or cancellation.
    private func watch(_ process: Task<TerminationStatus, any Error>, group: ProcessGroup, timeout: Duration) async -> CommandOutcome {
        enum Event: Sendable { case exited(Int32), timedOut }
        let grace = killGrace
        let first: Event = await withTaskCancellationHandler {
            await withTaskGroup(of: Event?.self) { tasks in
                tasks.addTask { .exited(await Self.status(of: process)) }
                tasks.addTask { (try? await Task.sleep(for: timeout)) == nil ? nil : .timedOut }
                var result: Event = .timedOut
                while let next = await tasks.next() {
                    if let next { result = next; break }
                }
                // The group cannot end before the shell does, so the kill happens in here.
                if case .timedOut = result { await group.terminate(grace: grace) }
                tasks.cancelAll()
                return result
            }
        } onCancel: {
            Task { await group.terminate(grace: grace) }
        }
        if case .exited(let status) = first {
            return CommandOutcome(exitStatus: status, cancelled: Task.isCancelled && status != 0)
        }
        return CommandOutcome(exitStatus: await Self.status(of: process), timedOut: true)
    }

    private static func status(of process: Task<TerminationStatus, any Error>) async -> Int32 {
        switch await process.result {
        case .success(.exited(let code)): Int32(code)
        case .success(.signaled(let signal)): -Int32(signal)
        case .failure: -1
        }
    }

    private func failureReason(of process: Task<TerminationStatus, any Error>) async -> String {
        if case .failure(let error) = await process.result { return "\(error)" }
        return "the process did not start"
    }
}
