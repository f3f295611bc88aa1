import Core
import Foundation

/// Who this agent is to its server, stored as `<state>/identity.json` (mode 0600) by enrollment and
/// read by `run`: the server's URL, the ids the server gave, the agent's bearer token, and the latest
/// settings the server sent (persisted so a restarted agent keeps the cadence it was told).
public struct AgentIdentity: Sendable, Codable, Equatable {
    public var server: String
    public var agentID: Int64
    public var machineID: Int64
    /// The agent's bearer token. Never logged; `description`-free on purpose.
    public var token: String
    public var settings: AgentSettings

    public init(server: String, agentID: Int64, machineID: Int64, token: String, settings: AgentSettings) {
        self.server = server
        self.agentID = agentID
        self.machineID = machineID
        self.token = token
        self.settings = settings
    }

    public init(server: String, enrollment: EnrollResponse) {
        self.init(server: server, agentID: enrollment.agentID, machineID: enrollment.machineID,
                  token: enrollment.token, settings: enrollment.settings)
    }

    public static func load(from state: StateDirectory) throws(AgentError) -> AgentIdentity {
        guard let data = FileManager.default.contents(atPath: state.identityPath) else {
            throw .state("no identity at \(state.identityPath): enroll first with `capstan-agent enroll --server URL --token TOKEN`")
        }
        do {
            return try AgentWire.makeDecoder().decode(AgentIdentity.self, from: data)
        } catch {
            throw .state("\(state.identityPath) is not a valid agent identity: \(error)")
        }
    }

    public func save(to state: StateDirectory) throws(AgentError) {
        try state.prepare()
        let data: Data
        do { data = try AgentWire.makeEncoder().encode(self) } catch { throw .state("cannot encode the identity: \(error)") }
        try AtomicFile.write(data, to: state.identityPath, mode: 0o600)
    }
}
