import Core
import Foundation
import GRDB
import Storage
@testable import Web

/// A release history with chosen times, written straight to the store, for statistics tests whose
/// expected numbers are worked out by hand. On top of `ReleasePageFixture` (group payments with
/// viewer `vera`, application `web`, `staging` with web-001…web-004, protected `production` with
/// prod-1 and prod-2; `olga` owns group search) it adds application `api` in search with machine
/// api-1 in production, and these releases (day n is 2025-05-26 + n, UTC; the app's clock stands
/// at 2025-06-15 15:06:40, a Sunday):
///
/// | release | env | version | started | took | state | hosts deployed | failing steps |
/// |---|---|---|---|---|---|---|---|
/// | R1 | production | 1.0 (uploaded day 0 08:00) | day 0 10:00 | 600 s | succeeded | 2 | |
/// | R2 | production | 1.1 | day 2 10:00 | 1200 s | failed | 1 | healthCheck × 1 |
/// | R3 | production | 1.2 (uploaded day 2 11:00) | day 2 12:00 | 300 s | succeeded | 2 | |
/// | R4 | production | 1.3 (uploaded day 7 08:00) | day 7 09:00 | 600 s | succeeded | 2 | |
/// | R5 | production | 1.4 | day 8 09:00 | 900 s | rolledBack | 0 | start × 2 |
/// | R6 | production | 1.5 (uploaded day 8 09:30) | day 8 10:00 | 300 s | succeeded | 2 | |
/// | R7 | production | 1.6 (uploaded day 9 08:00) | day 9 09:00 | 600 s | succeeded, then undone by R8 | 2 | |
/// | R8 | production | 1.5, rollback of R7 on prod-1 | day 9 11:00 | 120 s | succeeded | (not counted) | |
/// | R9 | production | 1.7 | day 14 09:00 | 300 s | failed | 0 | healthCheck × 2 |
/// | S1 | staging | 2.0 | day 1 09:00 | 120 s | succeeded | 3 (web-001…003) | |
/// | S2 | staging | 2.1 | day 15 09:00 | – | running | 1 (web-001) | |
/// | S3 | staging | 2.2 | day 16 09:00 | 60 s | aborted | 0 | |
/// | A1 | production (api) | 9.0 | day 3 09:00 | 1000 s | succeeded | 1 (api-1) | |
///
/// Packages not marked "uploaded" were uploaded an hour before their release started.
struct StatisticsHistory {
    let page: ReleasePageFixture
    let searchGroupID: Int64
    let releases: [String: Int64]

    /// 2025-05-26 00:00 UTC, a Monday.
    static let dayZero = Date(timeIntervalSince1970: 1_748_217_600)
    static let query = "from=2025-05-26&to=2025-06-15"

    static func at(day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        dayZero.addingTimeInterval(Double(day * 86_400 + hour * 3600 + minute * 60))
    }

    private struct Row {
        let name: String, environment: String, version: String, uploaded: Date?, started: Date, took: Double?, state: Release.State
        var rollbackOf: String? = nil
        /// Hostname → job state, and the step that failed.
        var jobs: [(String, Job.State, JobStep?)]
    }

    static func make(in app: RunningApp) async throws -> StatisticsHistory {
        let page = try await ReleasePageFixture.make(in: app, hosts: 4, versions: [], production: true)
        let search = try await app.store.read { db in try db.groups().first { $0.name == "search" }!.id }
        let ok = Job.State.succeeded
        let rows: [Row] = [
            Row(name: "R1", environment: "production", version: "1.0", uploaded: at(day: 0, 8), started: at(day: 0, 10), took: 600, state: .succeeded,
                jobs: [("prod-1", ok, nil), ("prod-2", ok, nil)]),
            Row(name: "R2", environment: "production", version: "1.1", uploaded: nil, started: at(day: 2, 10), took: 1200, state: .failed,
                jobs: [("prod-1", ok, nil), ("prod-2", .failed, .healthCheck)]),
            Row(name: "R3", environment: "production", version: "1.2", uploaded: at(day: 2, 11), started: at(day: 2, 12), took: 300, state: .succeeded,
                jobs: [("prod-1", ok, nil), ("prod-2", ok, nil)]),
            Row(name: "R4", environment: "production", version: "1.3", uploaded: at(day: 7, 8), started: at(day: 7, 9), took: 600, state: .succeeded,
                jobs: [("prod-1", ok, nil), ("prod-2", ok, nil)]),
            Row(name: "R5", environment: "production", version: "1.4", uploaded: nil, started: at(day: 8, 9), took: 900, state: .rolledBack,
                jobs: [("prod-1", .failed, .start), ("prod-2", .failed, .start)]),
            Row(name: "R6", environment: "production", version: "1.5", uploaded: at(day: 8, 9, 30), started: at(day: 8, 10), took: 300, state: .succeeded,
                jobs: [("prod-1", ok, nil), ("prod-2", ok, nil)]),
            Row(name: "R7", environment: "production", version: "1.6", uploaded: at(day: 9, 8), started: at(day: 9, 9), took: 600, state: .succeeded,
                jobs: [("prod-1", ok, nil), ("prod-2", ok, nil)]),
            Row(name: "R8", environment: "production", version: "1.5", uploaded: nil, started: at(day: 9, 11), took: 120, state: .succeeded,
                rollbackOf: "R7", jobs: [("prod-1", ok, nil)]),
            Row(name: "R9", environment: "production", version: "1.7", uploaded: nil, started: at(day: 14, 9), took: 300, state: .failed,
                jobs: [("prod-1", .failed, .healthCheck), ("prod-2", .failed, .healthCheck)]),
            Row(name: "S1", environment: "staging", version: "2.0", uploaded: nil, started: at(day: 1, 9), took: 120, state: .succeeded,
                jobs: [("web-001", ok, nil), ("web-002", ok, nil), ("web-003", ok, nil)]),
            Row(name: "S2", environment: "staging", version: "2.1", uploaded: nil, started: at(day: 15, 9), took: nil, state: .running,
                jobs: [("web-001", ok, nil), ("web-002", .running, nil)]),
            Row(name: "S3", environment: "staging", version: "2.2", uploaded: nil, started: at(day: 16, 9), took: 60, state: .aborted,
                jobs: [("web-001", .cancelled, nil)]),
            Row(name: "A1", environment: "production", version: "9.0", uploaded: nil, started: at(day: 3, 9), took: 1000, state: .succeeded,
                jobs: [("api-1", ok, nil)]),
        ]
        let now = app.clock.now()
        let releases = try await app.store.write { db in
            let requester = try db.user(login: "dora")!.id
            let production = try db.environment(named: "production")!
            let api = try db.createApplication(ApplicationDraft(name: "api", groupID: search, runAs: "app", installRoot: "/srv"))
            let apiHost = try db.createMachine(MachineDraft(hostname: "api-1", groupID: search, environmentID: production.id), now: now)
            _ = try db.setMachineState(id: apiHost.id, to: .active, now: now)
            var ids: [String: Int64] = [:]
            for row in rows {
                ids[row.name] = try insert(row, application: row.name == "A1" ? api : page.application, requester: requester, ids: ids, db)
            }
            return ids
        }
        return StatisticsHistory(page: page, searchGroupID: search, releases: releases)
    }

    private static func insert(_ row: Row, application: Application, requester: Int64, ids: [String: Int64], _ db: Database) throws -> Int64 {
        let environment = try db.environment(named: row.environment)!
        let package: Core.Package
        if let existing = try db.package(of: application.id, version: row.version) {
            package = existing
        } else {
            package = try db.insertPackage(PackageDraft(applicationID: application.id, version: row.version, sha256: String(repeating: "a", count: 64),
                                                        size: 1, storagePath: "artifacts/test/\(application.name)-\(row.version)",
                                                        createdBy: requester),
                                           now: row.uploaded ?? row.started.addingTimeInterval(-3600))
        }
        let finished = row.took.map { row.started.addingTimeInterval($0) }
        let target = AgentJob.Target(application)
        try db.execute(sql: """
            INSERT INTO release (applicationID, packageID, environmentID, strategy, target, state, requestedBy, rollbackOf, createdAt,
                                 startedAt, finishedAt, version, batchCount)
            VALUES (?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, 1)
            """, arguments: [application.id, package.id, environment.id, String(decoding: try JSONEncoder().encode(target), as: UTF8.self),
                             row.state.rawValue, requester, row.rollbackOf.flatMap { ids[$0] }, row.started.millisecondsSince1970,
                             row.started.millisecondsSince1970, finished?.millisecondsSince1970, row.version])
        let releaseID = db.lastInsertedRowID
        for (hostname, state, failedStep) in row.jobs {
            let machineID = try Int64.fetchOne(db, sql: "SELECT id FROM machine WHERE hostname = ?", arguments: [hostname])!
            let action: AgentJob.Action = row.rollbackOf == nil ? .deploy : .rollback
            let spec = AgentJob(id: 0, releaseID: releaseID, action: action, application: target, environment: environment.name,
                                version: row.version, targetRelease: releaseID, package: nil)
            let job = try db.createJob(releaseID: releaseID, machineID: machineID, batch: 0, spec: spec, state: state)
            let end = (finished ?? row.started).millisecondsSince1970
            try db.execute(sql: "UPDATE job SET startedAt = ?, finishedAt = ? WHERE id = ?",
                           arguments: [row.started.millisecondsSince1970, state.isFinished ? end : nil, job.id])
            if let failedStep {
                try db.execute(sql: "INSERT INTO jobStep (jobID, step, startedAt, finishedAt, outcome) VALUES (?, ?, ?, ?, 'failed')",
                               arguments: [job.id, failedStep.rawValue, end, end])
            }
        }
        return releaseID
    }
}
