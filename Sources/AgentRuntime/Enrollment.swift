import Core
import Foundation

/// `capstan-agent enroll`: trades an enrollment token for the agent's own identity and stores it.
public enum Enrollment {
    /// Collects facts, calls `POST /agent/v1/enroll`, and writes `<state>/identity.json` (0600).
    /// Refuses to replace an existing identity unless `force`.
    public static func enroll(server: String, token: String, state: StateDirectory, force: Bool = false,
                              diskPath: String = "/opt") async throws(AgentError) -> AgentIdentity {
        let url = try AgentClient.serverURL(server)
        guard !token.isEmpty else { throw .state("--token must not be empty") }
        if !force, FileManager.default.fileExists(atPath: state.identityPath) {
            throw .state("this host is already enrolled (\(state.identityPath) exists); pass --force to enroll it again")
        }
        try state.prepare()
        let client = AgentClient(server: url, token: nil)
        let request = EnrollRequest(token: token, facts: FactsCollector.collect(diskPath: diskPath))
        let answer = try await client.post("\(AgentWire.pathPrefix)/enroll", request, as: EnrollResponse.self)
        let identity = AgentIdentity(server: url.absoluteString, enrollment: answer)
        try identity.save(to: state)
        return identity
    }
}
