import Core
import Foundation
import Storage
import Testing
@testable import Web

/// The server's side of the agent protocol over real sockets: enrollment, agent-only tokens,
/// heartbeats and liveness, parked job polls, job reports with offset-checked logs, package downloads.
@Suite(.serialized)
struct AgentAPITests {
    @Test("enrollment adds an active machine in the token's group, uses the token once and is audited")
    func enrollment() async throws {
        try await withRunningApp { app in
            let fixture = try await AgentFixture.make(in: app, uses: 1)
            let enrolled = try await app.enrollAgent(hostname: "web-7", addresses: ["10.0.0.7"], token: fixture.enrollmentToken)
            #expect(enrolled.token.hasPrefix("cag_"))
            #expect(!enrolled.matchedExisting)
            let machine = try await app.store.read { db in try db.machine(id: enrolled.machineID) }
            #expect(machine.groupID == fixture.groupID)
            #expect(machine.environmentID == fixture.environmentID)
            #expect(machine.state == .active)
            #expect(machine.address == "10.0.0.7")
            #expect(machine.lastSeenAt != nil)
            let again = try await app.agentSend("POST", "/agent/v1/enroll",
                                                EnrollRequest(token: fixture.enrollmentToken, facts: AgentFacts(hostname: "web-8")), token: nil)
            #expect(again.status == 401)
            #expect(again.text.contains("used up"))
            let audit = try await app.auditRows()
            let machineID = String(enrolled.machineID)
            #expect(audit.contains(where: { (row: AuditRecord) -> Bool in row.entry.action == "agent.enroll" && row.entry.targetID == machineID }))
            #expect(!audit.contains(where: { (row: AuditRecord) -> Bool in row.entry.detailText.contains(enrolled.token) }))
        }
    }

    @Test("enrollment adopts the machine added by hand with the same hostname")
    func adoptsMachine() async throws {
        try await withRunningApp { app in
            let fixture = try await AgentFixture.make(in: app)
            let now = app.clock.now()
            let added = try await app.store.write { db in
                try db.createMachine(MachineDraft(hostname: "db-1", groupID: fixture.groupID, environmentID: fixture.environmentID), now: now)
            }
            let enrolled = try await app.enrollAgent(hostname: "db-1", token: fixture.enrollmentToken)
            #expect(enrolled.matchedExisting)
            #expect(enrolled.machineID == added.id)
            let second = try await app.enrollAgent(hostname: "db-1", token: fixture.enrollmentToken)
            #expect(!second.matchedExisting)
            #expect(second.machineID != added.id, "a machine with an agent is not adopted twice")
        }
    }

    @Test("bad enrollment bodies get 400 or 422 and change nothing")
    func badEnrollment() async throws {
        try await withRunningApp { app in
            let fixture = try await AgentFixture.make(in: app)
            let malformed = try await RawHTTP.send(method: "POST", target: "/agent/v1/enroll", headers: ["Content-Type": "application/json"],
                                                   body: Array("{not json".utf8), port: app.port)
            #expect(malformed.status == 400)
            let missing = try await RawHTTP.send(method: "POST", target: "/agent/v1/enroll", headers: ["Content-Type": "application/json"],
                                                 body: Array(#"{"token":"\#(fixture.enrollmentToken)"}"#.utf8), port: app.port)
            #expect(missing.status == 422)
            #expect(missing.text.contains("facts"))
            let wrongKind = try await app.agentSend("POST", "/agent/v1/enroll",
                                                    EnrollRequest(token: "cap_" + String(repeating: "a", count: 43), facts: AgentFacts(hostname: "x")), token: nil)
            #expect(wrongKind.status == 401)
            let count = try await app.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM agent") }
            #expect(count == 0)
        }
    }

    @Test("agent routes take only agent tokens, and API routes refuse them")
    func tokensDoNotCross() async throws {
        try await withRunningApp { app in
            let fixture = try await AgentFixture.make(in: app)
            let agent = try await app.enrollAgent(hostname: "web-1", token: fixture.enrollmentToken)
            let heartbeat = HeartbeatRequest(facts: AgentFacts(hostname: "web-1"), session: "s1")
            let userToken = fixture.adminHeaders["Authorization"]!.dropFirst("Bearer ".count)
            #expect(try await app.agentSend("POST", "/agent/v1/heartbeat", heartbeat, token: String(userToken)).status == 401)
            #expect(try await app.agentSend("POST", "/agent/v1/heartbeat", heartbeat, token: nil).status == 401)
            #expect(try await app.agentSend("GET", "/api/v1/machines", Optional<String>.none, token: agent.token).status == 401)
            #expect(try await app.agentSend("POST", "/agent/v1/heartbeat", heartbeat, token: agent.token).status == 200)
        }
    }

    @Test("heartbeats store the facts; silence past the threshold records offline, the next heartbeat online")
    func liveness() async throws {
        try await withRunningApp(configure: { configuration, _ in configuration.heartbeatInterval = .seconds(10) }) { app in
            let fixture = try await AgentFixture.make(in: app)
            let agent = try await app.enrollAgent(hostname: "web-1", token: fixture.enrollmentToken)
            var facts = AgentFacts(hostname: "web-1", addresses: ["10.1.1.1"], os: "Debian GNU/Linux 12 (bookworm)", arch: "x86_64",
                                   cpuCount: 8, memoryTotal: 1 << 34, agentVersion: "9.9.9")
            facts.load = [0.5, 0.25, 0.125]
            let response = try await app.agentSend("POST", "/agent/v1/heartbeat", HeartbeatRequest(facts: facts, session: "s"), token: agent.token)
            #expect(response.status == 200)
            let answer = try RunningApp.agentDecoder.decode(HeartbeatResponse.self, from: Data(response.body))
            #expect(answer.settings.heartbeatInterval == 10)
            var machine = try await app.store.read { db in try db.machine(id: agent.machineID) }
            #expect(machine.os == "Debian GNU/Linux 12 (bookworm)")
            #expect(machine.arch == "x86_64")
            #expect(machine.agentVersion == "9.9.9")
            #expect(machine.facts["cpuCount"] == .int(8))
            let api = try await app.get("/api/v1/machines/\(agent.machineID)", headers: fixture.adminHeaders)
            #expect(api.text.contains(#""isOnline":true"#))

            app.clock.advance(by: 29)
            await app.app.livenessSweeper.tick()
            #expect(try await Self.kinds(app, agent.machineID).first == "online", "29 s of silence is not yet offline")
            app.clock.advance(by: 2)
            await app.app.livenessSweeper.tick()
            #expect(try await Self.kinds(app, agent.machineID).first == "offline")
            #expect(try await app.get("/api/v1/machines/\(agent.machineID)", headers: fixture.adminHeaders).text.contains(#""isOnline":false"#))
            let note = AgentNote(at: app.clock.now(), message: "server unreachable for 31 s")
            _ = try await app.agentSend("POST", "/agent/v1/heartbeat", HeartbeatRequest(facts: facts, session: "s", notes: [note]), token: agent.token)
            #expect(Array(try await Self.kinds(app, agent.machineID).prefix(2)).sorted() == ["agentNote", "online"])
            machine = try await app.store.read { db in try db.machine(id: agent.machineID) }
            #expect(machine.isOnline(now: app.clock.now(), threshold: 30))
        }
    }

    static func kinds(_ app: RunningApp, _ machineID: Int64) async throws -> [String] {
        try await app.store.read { db in try db.machineEvents(machineID: machineID).map(\.kind.rawValue) }
    }

    @Test("a bad heartbeat gets 422 and records nothing")
    func badHeartbeat() async throws {
        try await withRunningApp { app in
            let fixture = try await AgentFixture.make(in: app)
            let agent = try await app.enrollAgent(hostname: "web-1", token: fixture.enrollmentToken)
            let before = try await app.store.read { db in try db.machine(id: agent.machineID) }
            let response = try await app.agentSend("POST", "/agent/v1/heartbeat", HeartbeatRequest(facts: AgentFacts(hostname: ""), session: "s"),
                                                   token: agent.token)
            #expect(response.status == 422)
            #expect(response.text.contains("facts.hostname"))
            #expect(try await app.store.read { db in try db.machine(id: agent.machineID) } == before)
        }
    }
}
