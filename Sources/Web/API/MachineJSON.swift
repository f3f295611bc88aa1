import Core
import Foundation

/// A machine as the API writes it: ids as strings, times in RFC 3339 UTC (null until first seen),
/// and `isOnline` worked out from `lastSeenAt` and the offline threshold (`Liveness`).
struct MachineJSON: Encodable {
    let id: String
    let hostname: String
    let address: String
    let datacenter: String
    let os: String
    let arch: String
    let groupID: String
    let environmentID: String
    let labels: [String: String]
    let state: String
    let isOnline: Bool
    let lastSeenAt: JSONValue
    let facts: [String: JSONValue]
    let agentVersion: JSONValue
    let createdAt: String

    init(_ machine: Machine, now: Date, offlineAfter: TimeInterval) {
        id = String(machine.id)
        hostname = machine.hostname
        address = machine.address
        datacenter = machine.datacenter
        os = machine.os
        arch = machine.arch
        groupID = String(machine.groupID)
        environmentID = String(machine.environmentID)
        labels = machine.labels
        state = machine.state.rawValue
        isOnline = machine.isOnline(now: now, threshold: offlineAfter)
        lastSeenAt = machine.lastSeenAt.map { .string(RFC3339.string($0)) } ?? .null
        facts = machine.facts
        agentVersion = machine.agentVersion.map(JSONValue.string) ?? .null
        createdAt = RFC3339.string(machine.createdAt)
    }
}

/// One entry of a machine's history as the API writes it.
struct MachineEventJSON: Encodable {
    let id: String
    let at: String
    let kind: String
    let detail: [String: JSONValue]

    init(_ event: MachineEvent) {
        id = String(event.id)
        at = RFC3339.string(event.at)
        kind = event.kind.rawValue
        detail = event.detail
    }
}
