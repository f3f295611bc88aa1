import AgentRuntime
import ArgumentParser
import Core
import Foundation
import Logging

/// `capstan-agent`: runs on every managed machine; `enroll` once, then `run` under a service manager.
@main
struct CapstanAgent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capstan-agent",
        abstract: "The Capstan agent for managed machines.",
        version: capstanVersion,
        subcommands: [Enroll.self, Run.self]
    )
}

/// The flag every subcommand shares.
struct StateOption: ParsableArguments {
    @Option(name: .long, help: "The agent's state directory (default: $CAPSTAN_AGENT_STATE or \(StateDirectory.defaultPath)).")
    var state: String?

    var directory: StateDirectory { .resolve(state, environment: ProcessInfo.processInfo.environment) }
}

struct Enroll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Enroll this machine with a Capstan server.")

    @Option(help: "The server's URL, e.g. https://capstan.example.com.") var server: String
    @Option(help: "An enrollment token (cen_…) created on the server.") var token: String
    @Flag(help: "Replace an existing identity.") var force = false
    @OptionGroup var state: StateOption

    func run() async throws {
        do {
            let identity = try await Enrollment.enroll(server: server, token: token, state: state.directory, force: force)
            print("enrolled as machine \(identity.machineID) (agent \(identity.agentID)); identity stored in \(state.directory.path)")
        } catch {
            fail(error)
        }
    }
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Heartbeat, poll for jobs and run them until SIGTERM.")

    @OptionGroup var state: StateOption
    @Option(help: "Seconds a running step may go on after SIGTERM before it is killed.") var grace = 30
    @Option(help: "The install root whose disk usage the facts report.") var diskPath = "/opt"
    @Option(help: ArgumentHelp("A directory every application's install root is taken under (several agents on one machine, or a container's volume).",
                               valueName: "dir"))
    var installPrefix: String?

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "capstan-agent")
        do {
            let agent = try Agent(options: AgentOptions(state: state.directory, grace: .seconds(grace), diskPath: diskPath,
                                                     installPrefix: installPrefix), logger: logger)
            try await agent.run()
        } catch {
            fail(error)
        }
    }
}

/// Prints `capstan-agent: <message>` to stderr and exits 1.
func fail(_ error: AgentError) -> Never {
    FileHandle.standardError.write(Data("capstan-agent: \(error)\n".utf8))
    exit(1)
}
