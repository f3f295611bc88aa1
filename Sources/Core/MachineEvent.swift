import Foundation

/// One entry of a machine's history: created, edited, moved, state changed, enrolled…
///
/// Kept with the machine (deleted with it); the audit log is the tamper-evident record of who did
/// what, this is the machine page's timeline.
public struct MachineEvent: Sendable, Codable, Equatable, Identifiable {
    /// What happened; free-form detail is in `detail`.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case created, updated, moved, stateChanged, enrolled
        /// Heartbeats resumed, or stopped for longer than the offline threshold.
        case online, offline
        /// Something the agent asked to have recorded (e.g. how long the server was unreachable).
        case agentNote
    }

    public var id: Int64
    public var machineID: Int64
    public var at: Date
    public var kind: Kind
    public var detail: [String: JSONValue]

    public init(id: Int64, machineID: Int64, at: Date, kind: Kind, detail: [String: JSONValue] = [:]) {
        self.id = id
        self.machineID = machineID
        self.at = at
        self.kind = kind
        self.detail = detail
    }
}
