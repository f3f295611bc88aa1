import Core
import Foundation
import GRDB
import Storage
@testable import Web

/// A group, an environment, an admin with a token and an enrollment token, in a running app: what
/// agent tests start from. `queueDeploy` stands in for the release engine's dispatch: it writes a
/// release row and one job per machine, then wakes their parked polls as the engine does.
struct AgentFixture {
    let groupID: Int64
    let environmentID: Int64
    let admin: User
    let adminHeaders: [String: String]
    let enrollmentToken: String

    static func make(in app: RunningApp, uses: Int = 20) async throws -> AgentFixture {
        let groupID = try await app.makeGroup("web-\(UUID().uuidString.prefix(6).lowercased())")
        let admin = try await app.makeUser("admin\(UUID().uuidString.prefix(6).lowercased())", isAdmin: true)
        let now = app.clock.now()
        let (environmentID, token) = try await app.store.write { db in
            let environment = try db.createEnvironment(EnvironmentDraft(name: "staging", rank: 20))
            let token = try db.createEnrollmentToken(
                EnrollmentTokenDraft(groupID: groupID, environmentID: environment.id, uses: uses, expiresAt: now.addingTimeInterval(86_400)),
                now: now).token
            return (environment.id, token.text)
        }
        return AgentFixture(groupID: groupID, environmentID: environmentID, admin: admin,
                            adminHeaders: ["Authorization": "Bearer \(try await app.makeToken(for: admin))"], enrollmentToken: token)
    }

    /// Creates an application in the fixture's group.
    func makeApplication(_ draft: ApplicationDraft, in app: RunningApp) async throws -> Application {
        var draft = draft
        draft.groupID = groupID
        return try await app.store.write { [draft] db in try db.createApplication(draft) }
    }
}

extension RunningApp {
    static let agentEncoder = AgentWire.makeEncoder()
    static let agentDecoder = AgentWire.makeDecoder()

    /// Sends an agent-protocol request with `token` as the agent's bearer token.
    func agentSend(_ method: String, _ target: String, _ body: (some Encodable)? = Optional<String>.none, token: String?,
                   session: String? = nil) async throws -> HTTPResponse {
        var headers: [String: String] = [:]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if let session { headers[AgentWire.sessionHeader] = session }
        let bytes = try body.map { Array(try Self.agentEncoder.encode($0)) } ?? []
        if body != nil { headers["Content-Type"] = "application/json" }
        return try await RawHTTP.send(method: method, target: target, headers: headers, body: bytes, port: port)
    }

    /// Enrolls as an agent would; fails the test unless the server answers 201.
    func enrollAgent(hostname: String, addresses: [String] = [], token: String) async throws -> EnrollResponse {
        let response = try await agentSend("POST", "/agent/v1/enroll",
                                           EnrollRequest(token: token, facts: AgentFacts(hostname: hostname, addresses: addresses)), token: nil)
        guard response.status == 201 else { throw RawHTTP.Failure("enroll: \(response.status) \(response.text)") }
        return try Self.agentDecoder.decode(EnrollResponse.self, from: Data(response.body))
    }

    /// Uploads `bytes` as `application` `version` with `headers`; returns the package row.
    func uploadPackage(_ application: String, _ version: String, _ bytes: [UInt8], headers: [String: String]) async throws -> Core.Package {
        let response = try await RawHTTP.send(method: "PUT", target: "/api/v1/applications/\(application)/packages/\(version)",
                                              headers: headers, body: bytes, port: port)
        guard response.status == 201 || response.status == 200 else { throw RawHTTP.Failure("upload: \(response.status) \(response.text)") }
        return try await store.read { db in
            let id = try db.application(named: application).id
            return try db.package(of: id, version: version)!
        }
    }

    /// A release row of `package` to the fixture's environment and one queued job per machine, as
    /// the release engine will make them; wakes the machines' parked polls.
    @discardableResult
    func queueJobs(_ action: AgentJob.Action = .deploy, application: Application, package: Core.Package, machines: [Int64],
                   fixture: AgentFixture, targetRelease: Int64? = nil, stepTimeout: Int = 60) async throws -> [Job] {
        let now = clock.now()
        let jobs = try await store.write { db in
            // Finished at once (succeeded, so the release engine leaves it alone): the schema allows
            // one unfinished release per application and environment, and these tests queue several
            // jobs by hand.
            let target = String(decoding: try JSONEncoder().encode(AgentJob.Target(application)), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO release (applicationID, packageID, environmentID, strategy, target, state, requestedBy, createdAt, finishedAt)
                VALUES (?, ?, ?, '{}', ?, 'succeeded', ?, ?, ?)
                """, arguments: [application.id, package.id, fixture.environmentID, target, fixture.admin.id, now.millisecondsSince1970,
                                 now.millisecondsSince1970])
            let releaseID = db.lastInsertedRowID
            let spec = AgentJob(id: 0, releaseID: releaseID, action: action, application: AgentJob.Target(application), environment: "staging",
                                version: package.version, targetRelease: targetRelease ?? releaseID,
                                package: action == .deploy ? AgentJob.PackageRef(id: package.id, sha256: package.sha256, size: package.size) : nil,
                                stepTimeout: stepTimeout)
            return try machines.map { try db.createJob(releaseID: releaseID, machineID: $0, batch: 0, spec: spec) }
        }
        app.agentHub.wake(machines)
        return jobs
    }
}
