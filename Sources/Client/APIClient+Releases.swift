import Core
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What `capstan releases` can ask of a release that is under way (`POST /api/v1/releases/{id}/<action>`).
public enum ReleaseAction: String, Sendable, CaseIterable {
    case approve, pause, resume, retry
}

extension APIClient {
    /// Starts a release: `POST /api/v1/releases`, answered 201 with the release as it begins.
    public func deploy(_ release: ReleaseRequest) async throws(ClientError) -> ReleaseRecord {
        let body = CreateBody(application: release.application, version: release.version, environment: release.environment,
                              strategy: release.strategy, machines: release.machineIDs?.map(String.init),
                              overrideReason: release.overrideReason)
        return try await releaseAnswer(try request("POST", Self.releasesPath, json: body)).release
    }

    /// One page of releases, newest first, with the body as the server sent it; every filter is optional.
    public func releases(application: String? = nil, environment: String? = nil, states: [Release.State] = [],
                         limit: Int? = nil, cursor: String? = nil) async throws(ClientError) -> (page: ReleasePage, json: Data) {
        let query = [application.map { URLQueryItem(name: "application", value: $0) },
                     environment.map { URLQueryItem(name: "environment", value: $0) },
                     states.isEmpty ? nil : URLQueryItem(name: "state", value: states.map(\.rawValue).joined(separator: ",")),
                     limit.map { URLQueryItem(name: "limit", value: String($0)) },
                     cursor.map { URLQueryItem(name: "cursor", value: $0) }].compactMap { $0 }
        let request = try request("GET", Self.releasesPath, query: query)
        let (body, _) = try await send(request)
        return (try decode(ReleasePage.self, from: body, url: request.url), body)
    }

    /// The newest release of `application` to `environment` (whatever its state), which
    /// `capstan rollback` undoes; a `.missing` error when there was none.
    public func latestRelease(of application: String, to environment: String) async throws(ClientError) -> ReleaseRecord {
        guard let newest = try await releases(application: application, environment: environment, limit: 1).page.items.first else {
            throw ClientError(.missing, "\(application) was never released to \(environment); there is nothing to roll back")
        }
        return newest
    }

    /// One release with its host counts; with `wait`, the server answers as soon as it is finished
    /// or after that many seconds (at most 300) as it stands.
    public func release(_ id: String, wait: Int? = nil) async throws(ClientError) -> (release: ReleaseRecord, json: Data) {
        let query = wait.map { [URLQueryItem(name: "wait", value: String($0))] } ?? []
        return try await releaseAnswer(try request("GET", Self.releasePath(id), query: query))
    }

    /// A new release returning the hosts release `id` switched to what they ran before (201).
    public func rollback(_ id: String) async throws(ClientError) -> ReleaseRecord {
        try await releaseAnswer(try request("POST", Self.releasePath(id) + "/rollback")).release
    }

    /// Approves, pauses, resumes or retries release `id`; the release as it stands after.
    public func act(_ action: ReleaseAction, on id: String) async throws(ClientError) -> ReleaseRecord {
        try await releaseAnswer(try request("POST", Self.releasePath(id) + "/" + action.rawValue)).release
    }

    /// Aborts release `id`: what has not started is cancelled; running hosts finish, or with
    /// `.stop` are told to stop their current step.
    public func abort(_ id: String, mode: Release.AbortMode) async throws(ClientError) -> ReleaseRecord {
        try await releaseAnswer(try request("POST", Self.releasePath(id) + "/abort", json: ["mode": mode.rawValue])).release
    }

    private func releaseAnswer(_ request: URLRequest) async throws(ClientError) -> (release: ReleaseRecord, json: Data) {
        let (body, _) = try await send(request)
        return (try decode(ReleaseRecord.self, from: body, url: request.url), body)
    }

    private static let releasesPath = "/api/v1/releases"

    private static func releasePath(_ id: String) -> String { releasesPath + "/" + escape(id) }
}

/// The body of `POST /api/v1/releases`; absent values are left out, so the server's defaults apply.
private struct CreateBody: Encodable {
    var application: String
    var version: String
    var environment: String
    var strategy: ReleaseStrategy?
    var machines: [String]?
    var overrideReason: String?
}
