import Core
import Foundation
import Synchronization

/// The agent endpoints as the server answers them, kept small: enrollment, heartbeats that
/// acknowledge every result, a job delivered twice (to prove the agent runs it once), the package
/// with `Range`, and job events appended at the server's log offset.
final class ContractServer: Sendable {
    struct State {
        var heartbeats: [HeartbeatRequest] = []
        var events: [JobEvents] = []
        var pollSessions: [String] = []
        var logBytes: Int64 = 0
        var polls = 0
        var rejectToken = false
    }

    private let routes: Routes
    private let http: TestHTTPServer
    static let token = "cat_agent-token"

    init(job: AgentJob, package: Data) throws {
        let routes = Routes(job: job, package: package)
        self.routes = routes
        http = try TestHTTPServer { routes.answer($0) }
    }

    var url: String { http.url }

    func withState<T>(_ body: (inout State) -> T) -> T {
        routes.state.withLock { body(&$0) }
    }
}

private final class Routes: Sendable {
    typealias State = ContractServer.State
    let state = Mutex(State())
    let job: AgentJob
    let package: Data

    init(job: AgentJob, package: Data) {
        self.job = job
        self.package = package
    }

    func answer(_ request: TestHTTPServer.Request) -> TestHTTPServer.Response {
        let settings = AgentSettings(heartbeatInterval: 0.2, pollWait: 1)
        if request.path == "/agent/v1/enroll" {
            return json(EnrollResponse(agentID: 1, machineID: 2, token: ContractServer.token, matchedExisting: false, settings: settings))
        }
        guard request.headers["authorization"] == "Bearer \(ContractServer.token)", !state.withLock({ $0.rejectToken }) else {
            return .init(status: 401, body: Data(#"{"error":{"code":"unauthorized","message":"unknown agent token"}}"#.utf8))
        }
        switch (request.method, request.path) {
        case ("POST", "/agent/v1/heartbeat"):
            let heartbeat = try! AgentWire.makeDecoder().decode(HeartbeatRequest.self, from: request.body)
            state.withLock { $0.heartbeats.append(heartbeat) }
            return json(HeartbeatResponse(acknowledged: heartbeat.results.map(\.jobID), settings: settings, serverTime: Date()))
        case ("GET", let path) where path.hasPrefix("/agent/v1/jobs?"):
            let polls = state.withLock { $0.polls += 1; $0.pollSessions.append(request.headers["x-capstan-agent-session"] ?? ""); return $0.polls }
            if polls <= 2 { return json(JobsResponse(jobs: [job])) }
            usleep(200_000)
            return .init(status: 204)
        case ("GET", job.package?.downloadPath ?? "-"):
            return .init(status: 200, body: package, contentType: "application/gzip")
        case ("POST", "/agent/v1/jobs/\(job.id)/events"):
            let events = try! AgentWire.makeDecoder().decode(JobEvents.self, from: request.body)
            let bytes = state.withLock { state in
                state.events.append(events)
                if events.logOffset <= state.logBytes {
                    state.logBytes = max(state.logBytes, events.logOffset + Int64(events.log.utf8.count))
                }
                return state.logBytes
            }
            return json(JobEventsResponse(logBytes: bytes, acknowledged: events.result != nil))
        default:
            return .init(status: 404, body: Data(#"{"error":{"code":"notFound","message":"no such route"}}"#.utf8))
        }
    }

    private func json(_ value: some Encodable) -> TestHTTPServer.Response {
        .init(status: 200, body: try! AgentWire.makeEncoder().encode(value))
    }
}
