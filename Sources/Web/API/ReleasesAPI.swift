import Core
import Engine
import Foundation
import HTTP
import Storage

/// `/api/v1/releases`: start one (`POST`), list them (`?application=&environment=&state=&limit=&cursor=`),
/// show one (`?wait=N` answers as soon as it is finished, or after N seconds as it stands), its hosts
/// (`/hosts?state=&limit=&cursor=`), its live events (`/events`, server-sent), and act on it
/// (`/approve`, `/pause`, `/resume`, `/abort` with `{"mode":"finish"|"stop"}`, `/retry`, `/rollback`).
struct ReleasesAPI: Sendable {
    static let maxWait = 300
    static let maxLimit = 500

    let releases: ReleaseOperations
    let live: ReleaseLiveFeed

    private struct CreateBody: Decodable {
        var application: String
        var version: String
        var environment: String
        var strategy: ReleaseStrategy?
        var machines: [WireID]?
        var overrideReason: String?
    }

    private struct AbortBody: Decodable {
        var mode: Release.AbortMode?
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let body = try await JSONInput.decode(CreateBody.self, from: request)
        let release = try await releases.create(
            ReleaseRequest(application: body.application, version: body.version, environment: body.environment, strategy: body.strategy,
                           machineIDs: body.machines?.map(\.value), overrideReason: body.overrideReason),
            caller: caller)
        return try await answer(release.id, caller: caller, status: .created)
    }

    func list(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        var query = ReleaseQuery(limit: try Self.limit(request))
        query.before = try Self.cursor(request)
        if let state = request.query("state") {
            query.states = try state.split(separator: ",").map { text throws(AppError) in
                guard let state = Release.State(rawValue: String(text)) else {
                    throw AppError(.invalid, "state must be one of \(Release.State.allCases.map(\.rawValue).joined(separator: ", "))", field: "state")
                }
                return state
            }
        }
        let (applicationID, environmentID) = try await releases.filterIDs(application: request.query("application"),
                                                                            environment: request.query("environment"), caller: caller)
        query.applicationID = applicationID
        query.environmentID = environmentID
        let found = try await releases.list(query, caller: caller)
        let page = Array(found.prefix(query.limit))
        let next = found.count > query.limit ? page.last.map { String($0.id) } : nil
        return WireJSON.response(WireJSON.list(page.map { ReleaseJSON.release($0, tally: nil) }, nextCursor: next))
    }

    func show(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id(noun: "release")
        guard let waitText = request.query("wait") else { return try await answer(id, caller: caller) }
        guard let wait = Int(waitText), (0...Self.maxWait).contains(wait) else {
            throw AppError(.invalid, "wait must be 0 to \(Self.maxWait) seconds", field: "wait")
        }
        _ = try await releases.detail(id, caller: caller)
        let requestID = request.requestID
        return .deferred { [live] in
            await live.waitUntilFinished(id, timeout: .seconds(wait)) { try await releases.detail(id, caller: caller).release }
            do {
                return try await answer(id, caller: caller)
            } catch let error as AppError {
                return ErrorMapping.response(for: error)
            } catch {
                return ErrorMapping.internalError(requestID: requestID)
            }
        }
    }

    func hosts(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id(noun: "release")
        let limit = try Self.limit(request)
        let offset: Int
        if let cursor = request.query("cursor") {
            guard let value = Int(cursor), value >= 0 else { throw AppError(.invalid, "cursor is not one this server gave", field: "cursor") }
            offset = value
        } else {
            offset = 0
        }
        let state = try request.query("state").map { text throws(AppError) in
            guard let state = Job.State(rawValue: text) else {
                throw AppError(.invalid, "state must be one of \(Job.State.allCases.map(\.rawValue).joined(separator: ", "))", field: "state")
            }
            return state
        }
        let hosts = try await releases.hosts(id, state: state, offset: offset, limit: limit + 1, caller: caller)
        let page = Array(hosts.prefix(limit))
        let next = hosts.count > limit ? String(offset + limit) : nil
        return WireJSON.response(WireJSON.list(page.map(ReleaseJSON.host), nextCursor: next))
    }

    func events(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id(noun: "release")
        _ = try await releases.detail(id, caller: caller)
        return live.stream(id) { try await releases.detail(id, caller: caller) }
    }

    func approve(_ request: Request) async throws -> Response {
        try await act(request) { id, caller in try await releases.approve(id, caller: caller) }
    }

    func pause(_ request: Request) async throws -> Response {
        try await act(request) { id, caller in try await releases.pause(id, caller: caller) }
    }

    func resume(_ request: Request) async throws -> Response {
        try await act(request) { id, caller in try await releases.resume(id, caller: caller) }
    }

    func abort(_ request: Request) async throws -> Response {
        let bytes = try await request.body.collect()
        let mode: Release.AbortMode
        if bytes.isEmpty {
            mode = .finish
        } else {
            do {
                mode = try JSONDecoder().decode(AbortBody.self, from: Data(bytes)).mode ?? .finish
            } catch let error as DecodingError {
                throw JSONInput.describe(error)
            }
        }
        return try await act(request) { id, caller in try await releases.abort(id, mode: mode, caller: caller) }
    }

    func retry(_ request: Request) async throws -> Response {
        try await act(request) { id, caller in try await releases.retry(id, caller: caller) }
    }

    func rollback(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let rollback = try await releases.rollback(try request.id(noun: "release"), caller: caller)
        return try await answer(rollback.id, caller: caller, status: .created)
    }

    private func act(_ request: Request, _ action: (Int64, Caller) async throws -> Release) async throws -> Response {
        let caller = try request.caller()
        let release = try await action(try request.id(noun: "release"), caller)
        return try await answer(release.id, caller: caller)
    }

    private func answer(_ id: Int64, caller: Caller, status: Status = .ok) async throws -> Response {
        let detail = try await releases.detail(id, caller: caller)
        return WireJSON.response(ReleaseJSON.release(detail.release, tally: detail.tally), status: status)
    }

    private static func limit(_ request: Request) throws(AppError) -> Int {
        guard let text = request.query("limit") else { return 50 }
        guard let limit = Int(text), (1...maxLimit).contains(limit) else {
            throw AppError(.invalid, "limit must be 1 to \(maxLimit)", field: "limit")
        }
        return limit
    }

    private static func cursor(_ request: Request) throws(AppError) -> Int64? {
        guard let text = request.query("cursor") else { return nil }
        guard let id = Int64(text), id > 0 else { throw AppError(.invalid, "cursor is not one this server gave", field: "cursor") }
        return id
    }
}
