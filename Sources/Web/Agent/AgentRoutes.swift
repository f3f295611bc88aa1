import Core
import Engine
import Foundation
import HTTP
import Logging
import Storage

/// The agent protocol's routes and the live pieces behind them: the hub of parked polls, the job
/// logs, and the liveness sweep that records machines going offline.
struct AgentRoutes: Sendable {
    let operations: AgentOperations
    let artifacts: ArtifactStore

    /// Registers `/agent/v1/…`; job reports may carry up to 1 MiB of log.
    func register(in router: inout Router) {
        let api = AgentAPI(agents: operations, artifacts: artifacts)
        router.group(AgentWire.pathPrefix) { agent in
            agent.post("/enroll", use: api.enroll)
            agent.post("/heartbeat", bodyLimit: 1 << 20, use: api.heartbeat)
            agent.get("/jobs", use: api.jobs)
            agent.post("/jobs/:id/events", bodyLimit: 4 << 20, use: api.events)
            agent.get("/packages/:id", use: api.package)
        }
    }

    /// Marks machines silent for longer than the threshold offline; runs every half interval.
    static func makeLivenessSweeper(_ operations: AgentOperations, logger: Logger) -> Sweeper {
        let liveness = operations.liveness
        let period = Duration.milliseconds(max(100, Int(liveness.heartbeatInterval * 500)))
        return Sweeper(every: period) { [store = operations.store, now = operations.now] in
            let now = now()
            do {
                let ids = try await store.write(invalidatingCredentials: false) { db in
                    try db.markSilentMachinesOffline(lastSeenBefore: now.addingTimeInterval(-liveness.offlineAfter), now: now)
                }
                if !ids.isEmpty { logger.notice("machines offline", metadata: ["machines": "\(ids.map(String.init).joined(separator: ","))"]) }
            } catch {
                logger.error("liveness sweep failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
