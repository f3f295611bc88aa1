import Foundation

/// A managed host, in one product group and one environment.
///
/// Hostnames are not identity (the agent is) and need not be unique. `pending` machines were added
/// by hand or have enrolled but not yet been activated; only `active` machines receive releases;
/// `disabled` machines are kept for history (a machine that ran jobs cannot be deleted).
public struct Machine: Sendable, Codable, Equatable, Identifiable {
    /// A machine's lifecycle state.
    public enum State: String, Sendable, Codable, CaseIterable {
        case pending, active, disabled
    }

    public var id: Int64
    public var hostname: String
    public var address: String
    public var datacenter: String
    public var os: String
    public var arch: String
    public var groupID: Int64
    public var environmentID: Int64
    public var labels: [String: String]
    public var state: State
    /// The last heartbeat; nil until the agent first reports.
    public var lastSeenAt: Date?
    /// What the agent reports (CPUs, memory, disks…), a JSON object.
    public var facts: [String: JSONValue]
    public var agentVersion: String?
    public var createdAt: Date

    public init(
        id: Int64, hostname: String, address: String = "", datacenter: String = "", os: String = "",
        arch: String = "", groupID: Int64, environmentID: Int64, labels: [String: String] = [:],
        state: State = .pending, lastSeenAt: Date? = nil, facts: [String: JSONValue] = [:],
        agentVersion: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.hostname = hostname
        self.address = address
        self.datacenter = datacenter
        self.os = os
        self.arch = arch
        self.groupID = groupID
        self.environmentID = environmentID
        self.labels = labels
        self.state = state
        self.lastSeenAt = lastSeenAt
        self.facts = facts
        self.agentVersion = agentVersion
        self.createdAt = createdAt
    }

    /// Whether the agent reported within `threshold` before `now`.
    public func isOnline(now: Date, threshold: TimeInterval) -> Bool {
        guard let lastSeenAt else { return false }
        return lastSeenAt >= now.addingTimeInterval(-threshold)
    }
}
