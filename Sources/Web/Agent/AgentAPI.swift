import Core
import Foundation
import HTTP
import Logging
import Storage

/// The agent protocol's routes (DESIGN "Agent protocol"), JSON under `/agent/v1/`:
/// `POST enroll` (public: the enrollment token is in the body), and with the agent's bearer token
/// `POST heartbeat`, `GET jobs?wait=N` (a long poll: 200 with jobs, or 204 when the wait ends
/// without one), `POST jobs/{id}/events`, `GET packages/{id}` (with `Range`).
struct AgentAPI: Sendable {
    let agents: AgentOperations
    let artifacts: ArtifactStore
    var logger = Logger(label: "capstan.agents")

    func enroll(_ request: Request) async throws -> Response {
        let body = try await AgentMessagesIO.decode(EnrollRequest.self, from: request)
        return try AgentMessagesIO.response(try await agents.enroll(body, remoteAddress: request.clientAddress), status: .created)
    }

    func heartbeat(_ request: Request) async throws -> Response {
        let agent = try request.agentCaller()
        let body = try await AgentMessagesIO.decode(HeartbeatRequest.self, from: request)
        return try AgentMessagesIO.response(try await agents.heartbeat(body, agent: agent))
    }

    func jobs(_ request: Request) async throws -> Response {
        let agent = try request.agentCaller()
        guard let session = request.headers[AgentWire.sessionHeader], (1...128).contains(session.utf8.count) else {
            throw AppError(.invalid, "the \(AgentWire.sessionHeader) header (1 to 128 characters) is required", field: "session")
        }
        let wait = try Self.wait(request)
        let deadline = ContinuousClock.now + .seconds(wait)
        let jobs = try await agents.deliverable(for: agent, session: session)
        guard jobs.isEmpty, wait > 0, agents.isTakingPolls else { return try Self.answer(jobs) }
        // Parked: until a job comes or the wait ends, the poll holds no task, only these closures.
        return Self.park(agent, session: session, until: deadline, agents: agents, logger: logger, requestID: request.requestID)
    }

    /// A parked poll: resumed when the hub hands it jobs (200), wakes it (a look in the store, then
    /// 200, or parked again while time is left), or its wait ends (204).
    private static func park(_ agent: AgentCaller, session: String, until deadline: ContinuousClock.Instant, agents: AgentOperations,
                             logger: Logger, requestID: String) -> Response {
        .parked { resumption in
            agents.park(agent, session: session, until: deadline) { wake in
                resumption.resume {
                    do {
                        if case .handed(let jobs) = wake { return try answer(jobs) }
                        let jobs = try await agents.deliverable(for: agent, session: session)
                        guard jobs.isEmpty, wake == .woken, deadline > .now, agents.isTakingPolls else { return try answer(jobs) }
                        return park(agent, session: session, until: deadline, agents: agents, logger: logger, requestID: requestID)
                    } catch let error as AppError {
                        return ErrorMapping.response(for: error)
                    } catch {
                        logger.error("job poll failed", metadata: ["requestID": "\(requestID)", "machine": "\(agent.machineID)", "error": "\(error)"])
                        return ErrorMapping.internalError(requestID: requestID)
                    }
                }
            }
        }
    }

    /// 200 with the jobs, or 204 when there are none.
    private static func answer(_ jobs: [AgentJob]) throws -> Response {
        jobs.isEmpty ? Response(status: .noContent) : try AgentMessagesIO.response(JobsResponse(jobs: jobs))
    }

    func events(_ request: Request) async throws -> Response {
        let agent = try request.agentCaller()
        let jobID = try request.id(noun: "job")
        let body = try await AgentMessagesIO.decode(JobEvents.self, from: request)
        return try AgentMessagesIO.response(try await agents.report(body, jobID: jobID, agent: agent))
    }

    func package(_ request: Request) async throws -> Response {
        let agent = try request.agentCaller()
        let package = try await agents.packageFile(try request.id(noun: "package"), agent: agent)
        return try PackageFileResponse.make(package, request: request, path: artifacts.path(of: package))
    }

    /// `?wait=` in whole seconds, 0 to `AgentWire.maximumWait`; 0 when absent.
    private static func wait(_ request: Request) throws(AppError) -> Int {
        guard let text = request.query("wait"), !text.isEmpty else { return 0 }
        guard let seconds = Int(text), (0...AgentWire.maximumWait).contains(seconds) else {
            throw AppError(.invalid, "wait must be a whole number of seconds from 0 to \(AgentWire.maximumWait)", field: "wait")
        }
        return seconds
    }
}
