import AgentRuntime
import Core
import ArgumentParser

/// `capstan-agent`: runs on every managed machine. Enrollment, heartbeats and job execution arrive
/// with the agent issue; until then the binary reports its version, which the server will compare.
@main
struct CapstanAgent: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capstan-agent",
        abstract: "The Capstan agent for managed machines.",
        discussion: "Enrollment (`capstan-agent enroll`) and the job loop (`capstan-agent run`) are not built yet.",
        version: capstanVersion
    )
}
