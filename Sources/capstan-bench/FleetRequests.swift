import Core
import Foundation

/// The simulated agents' requests, encoded once: a real `HeartbeatRequest` per agent (hostname
/// `sim-<i>`, session `sim-<i>`, facts of a small Debian host) and its job polls.
struct FleetRequests {
    let heartbeats: [[UInt8]]
    /// `GET /agent/v1/jobs?wait=30` per agent, the wait of every poll after the first.
    let polls: [[UInt8]]
    private let tokens: [String]
    private let host: String

    init(tokens: [String], port: UInt16) throws {
        let encoder = AgentWire.makeEncoder()
        let host = "127.0.0.1:\(port)"
        heartbeats = try tokens.indices.map { index in
            let body = try encoder.encode(HeartbeatRequest(facts: Self.facts(index), session: Self.session(index)))
            let head = "POST \(AgentWire.pathPrefix)/heartbeat HTTP/1.1\r\nHost: \(host)\r\nAuthorization: Bearer \(tokens[index])\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
            return Array(head.utf8) + Array(body)
        }
        polls = tokens.indices.map { Self.poll(token: tokens[$0], agent: $0, wait: 30, host: host) }
        self.tokens = tokens
        self.host = host
    }

    /// A poll with another wait, for the first poll of each agent (see `FleetSimulator`).
    func poll(agent: Int, wait: Int) -> [UInt8] {
        Self.poll(token: tokens[agent], agent: agent, wait: wait, host: host)
    }

    static func session(_ agent: Int) -> String { "sim-\(agent)" }

    /// A heartbeat of `agent` that carries `results`.
    func heartbeat(agent: Int, results: [JobResult], encoder: JSONEncoder) throws -> [UInt8] {
        let body = try encoder.encode(HeartbeatRequest(facts: Self.facts(agent), session: Self.session(agent), results: results))
        let head = "POST \(AgentWire.pathPrefix)/heartbeat HTTP/1.1\r\nHost: \(host)\r\nAuthorization: Bearer \(tokens[agent])\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + Array(body)
    }

    private static func poll(token: String, agent: Int, wait: Int, host: String) -> [UInt8] {
        Array(("GET \(AgentWire.pathPrefix)/jobs?wait=\(wait) HTTP/1.1\r\nHost: \(host)\r\nAuthorization: Bearer \(token)\r\n"
            + "\(AgentWire.sessionHeader): \(session(agent))\r\n\r\n").utf8)
    }

    private static func facts(_ agent: Int) -> AgentFacts {
        AgentFacts(
            hostname: "sim-\(agent)", addresses: ["10.\(agent / 65536 % 256).\(agent / 256 % 256).\(agent % 256)"],
            os: "Debian GNU/Linux 12 (bookworm)", osVersion: "12", kernel: "6.1.0-28-amd64", arch: "x86_64", cpuCount: 4,
            load: [0.12, 0.08, 0.05], memoryTotal: 8 << 30, memoryAvailable: 5 << 30, diskPath: "/", diskTotal: 64 << 30,
            diskFree: 40 << 30, uptime: 86_400)
    }
}
