import Core
import Foundation
import GRDB

/// What an enrollment made: the agent's row, its machine, and whether a machine added by hand was adopted.
public struct Enrollment: Sendable {
    public let agentID: Int64
    public let machine: Machine
    public let matchedExisting: Bool
}

/// The agent a bearer token belongs to.
public struct AgentCredential: Sendable, Equatable {
    public let agentID: Int64
    public let machineID: Int64
    public let groupID: Int64
    public let machineState: Machine.State
}

extension Database {
    /// Trades an enrollment token for an agent: uses the token once, adopts the machine added by hand
    /// in the token's group and environment whose hostname or address matches (and has no agent
    /// yet), or adds one, makes it active with the reported facts, and stores the agent token's hash.
    public func enrollAgent(enrollmentTokenHash: String, facts: AgentFacts, agentToken: Token, now: Date) throws -> Enrollment {
        try facts.validate()
        guard let enrollment = try consumeEnrollmentToken(hash: enrollmentTokenHash, now: now) else {
            throw AppError(.unauthorized, "the enrollment token is unknown, used up or expired")
        }
        let matched = try machineToAdopt(facts, groupID: enrollment.groupID, environmentID: enrollment.environmentID)
        let machineID = try matched ?? createMachine(
            MachineDraft(hostname: facts.hostname, address: Self.storableAddress(facts), groupID: enrollment.groupID,
                         environmentID: enrollment.environmentID), now: now).id
        try prepared("INSERT INTO agent (machineID, tokenHash, enrolledAt, lastSeenAt) VALUES (?, ?, ?, ?)").execute(arguments: [machineID, agentToken.hash, now.millisecondsSince1970, now.millisecondsSince1970])
        let agentID = lastInsertedRowID
        try recordMachineEvent(machineID, .enrolled, at: now, detail: [
            "agentID": .int(agentID), "hostname": .string(facts.hostname), "matchedExisting": .bool(matched != nil),
        ])
        _ = try setMachineState(id: machineID, to: .active, now: now)
        try recordHeartbeat(machineID: machineID, facts: facts, now: now)
        return Enrollment(agentID: agentID, machine: try machine(id: machineID), matchedExisting: matched != nil)
    }

    /// The agent holding the token with this hash, with its machine's group and state.
    public func agentCredential(tokenHash: String) throws -> AgentCredential? {
        try Row.fetchOne(prepared("""
                SELECT agent.id AS agentID, machine.id AS machineID, machine.groupID, machine.state
                FROM agent JOIN machine ON machine.id = agent.machineID WHERE agent.tokenHash = ?
                """),
            arguments: [tokenHash]
        ).map { row in
            AgentCredential(agentID: row["agentID"], machineID: row["machineID"], groupID: row["groupID"],
                            machineState: Machine.State(rawValue: row["state"])!)
        }
    }

    /// A heartbeat: the latest facts and the time, and `online` in the machine's history when it
    /// was not online before. Returns whether the machine came (back) online.
    @discardableResult
    public func recordHeartbeat(machineID: Int64, facts: AgentFacts, now: Date) throws -> Bool {
        let before = try String.fetchOne(prepared("SELECT connectivity FROM machine WHERE id = ?"), arguments: [machineID])
        guard let before else { throw AppError(.notFound, "no machine with id \(machineID)") }
        try prepared("""
                UPDATE machine SET lastSeenAt = ?1, facts = ?2, os = ?3, arch = ?4, agentVersion = ?5,
                    connectivity = 'online' WHERE id = ?6
                """).execute(arguments: [now.millisecondsSince1970, try jsonText(facts), Self.osName(facts), facts.arch, facts.agentVersion, machineID])
        try prepared("UPDATE agent SET lastSeenAt = ? WHERE machineID = ?").execute(arguments: [now.millisecondsSince1970, machineID])
        guard before != "online" else { return false }
        try recordMachineEvent(machineID, .online, at: now, detail: ["was": .string(before)])
        return true
    }

    /// A job report from the machine's agent: proof of life as good as a heartbeat, so an agent busy
    /// with a job whose heartbeats run late is not taken for gone. Keeps an online machine online;
    /// coming back online is the heartbeat's to record.
    public func recordSignOfLife(machineID: Int64, now: Date) throws {
        let at = now.millisecondsSince1970
        try prepared("UPDATE machine SET lastSeenAt = max(ifnull(lastSeenAt, 0), ?) WHERE id = ? AND connectivity = 'online'").execute(arguments: [at, machineID])
        try prepared("UPDATE agent SET lastSeenAt = max(ifnull(lastSeenAt, 0), ?) WHERE machineID = ?").execute(arguments: [at, machineID])
    }

    /// Marks every online machine not heard from since `cutoff` offline, with an `offline` entry
    /// in its history at `now` (when the sweep noticed). Returns their ids.
    public func markSilentMachinesOffline(lastSeenBefore cutoff: Date, now: Date) throws -> [Int64] {
        let ids = try Int64.fetchAll(prepared("UPDATE machine SET connectivity = 'offline' WHERE connectivity = 'online' AND lastSeenAt < ? RETURNING id"),
            arguments: [cutoff.millisecondsSince1970])
        for id in ids {
            try recordMachineEvent(id, .offline, at: now, detail: ["reason": .string("no heartbeat")])
        }
        return ids
    }

    private func machineToAdopt(_ facts: AgentFacts, groupID: Int64, environmentID: Int64) throws -> Int64? {
        let addresses = facts.addresses.filter { !$0.isEmpty }
        let placeholders = addresses.map { _ in "?" }.joined(separator: ", ")
        let addressMatch = addresses.isEmpty ? "" : " OR address IN (\(placeholders))"
        var arguments: [any DatabaseValueConvertible] = [groupID, environmentID, facts.hostname]
        arguments += addresses
        return try Int64.fetchOne(
            self,
            sql: """
                SELECT id FROM machine WHERE groupID = ? AND environmentID = ? AND state <> 'disabled'
                    AND (hostname = ? COLLATE NOCASE\(addressMatch))
                    AND NOT EXISTS (SELECT 1 FROM agent WHERE agent.machineID = machine.id)
                ORDER BY id LIMIT 1
                """,
            arguments: StatementArguments(arguments))
    }

    /// The first reported address the machine table accepts (an IPv6 address with a zone, say, is not).
    private static func storableAddress(_ facts: AgentFacts) -> String {
        facts.addresses.first { address in (try? Validation.address(address)) != nil } ?? ""
    }

    private static func osName(_ facts: AgentFacts) -> String {
        facts.os.isEmpty ? facts.osVersion : facts.os
    }
}
