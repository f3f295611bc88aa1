import Core
import Engine
import Foundation
import GRDB
import Storage

/// The server's side of the agent protocol, apart from HTTP: enrollment, heartbeats (group-
/// committed through a `WriteBatcher`), job delivery with parked polls, job reports and their logs.
struct AgentOperations: Sendable {
    struct Heartbeat: Sendable {
        let machineID: Int64
        let request: HeartbeatRequest
        let now: Date
    }

    let store: Store
    let hub: AgentHub
    let logs: JobLogStore
    let liveness: Liveness
    let jobUpdates: EventBus<Job>
    let now: @Sendable () -> Date
    let heartbeats: WriteBatcher<Heartbeat, RecordedResults>
    /// Job deliveries, group-committed too: a release that wakes 1,000 parked polls at once
    /// hands out their jobs in a few transactions, not 1,000.
    let deliveries: WriteBatcher<Delivery, [AgentJob]>

    struct Delivery: Sendable {
        let machineID: Int64
        let session: String
        let now: Date
    }

    init(store: Store, hub: AgentHub, logs: JobLogStore, liveness: Liveness, jobUpdates: EventBus<Job>, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.hub = hub
        self.logs = logs
        self.liveness = liveness
        self.jobUpdates = jobUpdates
        self.now = now
        heartbeats = WriteBatcher(store: store, invalidatesCredentials: false) { db, heartbeat in
            try Self.apply(heartbeat, db)
        }
        deliveries = WriteBatcher(store: store, invalidatesCredentials: false) { db, delivery in
            try db.deliverJobs(machineID: delivery.machineID, session: delivery.session, now: delivery.now)
        }
    }

    var settings: AgentSettings {
        AgentSettings(heartbeatInterval: liveness.heartbeatInterval, pollWait: 30)
    }

    func enroll(_ request: EnrollRequest, remoteAddress: String) async throws -> EnrollResponse {
        guard Token(text: request.token).kind == .enrollment else {
            throw AppError(.unauthorized, "the enrollment token is unknown, used up or expired")
        }
        let now = now()
        let agentToken = Token.make(.agent)
        let enrollment = try await store.write { db in
            let enrollment = try db.enrollAgent(enrollmentTokenHash: Token.hash(request.token), facts: request.facts,
                                                agentToken: agentToken, now: now)
            try db.appendAudit(AuditEntry(
                at: now, actor: "agent:\(enrollment.agentID)", action: "agent.enroll", targetType: "machine",
                targetID: String(enrollment.machine.id), detail: [
                    "hostname": .string(request.facts.hostname), "groupID": .int(enrollment.machine.groupID),
                    "environmentID": .int(enrollment.machine.environmentID), "matchedExisting": .bool(enrollment.matchedExisting),
                ], remoteAddress: remoteAddress))
            return enrollment
        }
        return EnrollResponse(agentID: enrollment.agentID, machineID: enrollment.machine.id, token: agentToken.text,
                              matchedExisting: enrollment.matchedExisting, settings: settings)
    }

    /// Records the heartbeat with whatever others arrive meanwhile; returns the results acknowledged.
    func heartbeat(_ request: HeartbeatRequest, agent: AgentCaller) async throws -> HeartbeatResponse {
        try request.facts.validate()
        let now = now()
        let recorded = try await heartbeats.submit(Heartbeat(machineID: agent.machineID, request: request, now: now))
        for job in recorded.finished { jobUpdates.publish(job) }
        return HeartbeatResponse(acknowledged: recorded.acknowledged, settings: settings, serverTime: now)
    }

    private static func apply(_ heartbeat: Heartbeat, _ db: Database) throws -> RecordedResults {
        try db.recordHeartbeat(machineID: heartbeat.machineID, facts: heartbeat.request.facts, now: heartbeat.now)
        for note in heartbeat.request.notes.suffix(20) {
            try db.recordMachineEvent(heartbeat.machineID, .agentNote, at: note.at, detail: ["message": .string(String(note.message.prefix(1000)))])
        }
        return try db.recordJobResults(heartbeat.request.results, machineID: heartbeat.machineID)
    }

    /// The jobs waiting for `session`, waiting up to `wait` for one to appear; empty when none did.
    /// The jobs waiting for this agent's session, recorded as delivered to it; none when nothing waits.
    func deliverable(for agent: AgentCaller, session: String) async throws -> [AgentJob] {
        let machineID = agent.machineID
        // A read first: most polls find nothing, and a read costs no turn at the one writer.
        guard try await store.read({ db in try db.hasJobsToDeliver(machineID: machineID, session: session, now: now()) }) else { return [] }
        return try await deliveries.submit(Delivery(machineID: machineID, session: session, now: now()))
    }

    /// Parks the poll in the hub until `deadline` (give or take the hub's tick); `onWake` is called once.
    func park(_ agent: AgentCaller, session: String, until deadline: ContinuousClock.Instant,
              onWake: @escaping @Sendable (AgentHub.Wake) -> Void) {
        hub.park(machineID: agent.machineID, session: session, timeout: deadline - ContinuousClock.now, onWake: onWake)
    }

    /// Whether the hub still takes polls (it stops at shutdown).
    var isTakingPolls: Bool { !hub.isClosed }

    /// Appends the log chunk where the server's copy ends, then records the rest of the report.
    func report(_ events: JobEvents, jobID: Int64, agent: AgentCaller) async throws -> JobEventsResponse {
        let machineID = agent.machineID
        let job = try await store.read { db in try db.job(id: jobID) }
        guard job.machineID == machineID else { throw AppError(.notFound, "no job with id \(jobID)") }
        let logBytes = events.log.isEmpty ? nil : try logs.append(jobID: jobID, offset: events.logOffset, bytes: Array(events.log.utf8))
        let now = now()
        let progress = try await store.write(invalidatingCredentials: false) { db in
            try db.recordSignOfLife(machineID: machineID, now: now)
            return try db.recordJobProgress(jobID: jobID, machineID: machineID, events: events, logBytes: logBytes)
        }
        jobUpdates.publish(progress.job)
        return JobEventsResponse(logBytes: logs.size(jobID: jobID), acknowledged: progress.isResultRecorded,
                                 cancel: progress.job.state == .cancelled)
    }

    /// The package file an agent may download: only one that a job of its machine names.
    func packageFile(_ packageID: Int64, agent: AgentCaller) async throws -> Core.Package {
        let machineID = agent.machineID
        return try await store.read { db in
            guard try db.machineHasJob(forPackage: packageID, machineID: machineID) else {
                throw AppError(.notFound, "no package with id \(packageID) for this machine")
            }
            return try db.package(id: packageID)
        }
    }
}
