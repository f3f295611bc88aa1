import Core
import Foundation
import GRDB
import Testing
@testable import Storage

/// The statistics queries over 100,000 releases: one a minute from 2025-01-01 00:00 UTC, alternating
/// between production (odd ids) and staging (even ids), every tenth failed (its job failing the health check) and the
/// one after it rolled back, the rest succeeded on their one host.
struct StatisticsStorageTests {
    static let start = Date(timeIntervalSince1970: 1_735_689_600)
    static let count = 100_000

    let store: Store
    let production: Int64

    init() throws {
        store = try .temporary()
        production = try store.write { db in
            let user = try makeUser(db)
            let group = try makeGroup(db)
            let staging = try makeEnvironment(db, name: "staging", rank: 10)
            let production = try makeEnvironment(db, name: "production", rank: 30)
            let machine = try makeMachine(db, groupID: group, environmentID: production)
            let application = try makeApplication(db, groupID: group)
            let package = try makePackage(db, applicationID: application, createdBy: user)
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                INSERT INTO release (applicationID, packageID, environmentID, strategy, state, requestedBy, createdAt, startedAt, finishedAt)
                SELECT ?, ?, CASE i % 2 WHEN 0 THEN ? ELSE ? END, '{}',
                    CASE i % 10 WHEN 0 THEN 'failed' WHEN 1 THEN 'rolledBack' ELSE 'succeeded' END, ?,
                    ? + (i - 1) * 60000, ? + (i - 1) * 60000, ? + (i - 1) * 60000 + 30000
                FROM n
                """, arguments: [Self.count, application, package, staging, production, user, Self.base, Self.base, Self.base])
            try db.execute(sql: """
                INSERT INTO job (releaseID, machineID, batch, action, state, finishedAt)
                SELECT id, ?, 0, 'deploy', CASE state WHEN 'succeeded' THEN 'succeeded' ELSE 'failed' END, finishedAt FROM release
                """, arguments: [machine])
            try db.execute(sql: """
                INSERT INTO jobStep (jobID, step, startedAt, outcome) SELECT id, 'healthCheck', finishedAt, 'failed' FROM job WHERE state = 'failed'
                """)
            return production
        }
    }

    static var base: Int64 { start.millisecondsSince1970 }

    @Test("one day of 1,440 releases: outcomes, hosts deployed and the failing step")
    func oneDay() throws {
        let day = Self.start.addingTimeInterval(86_400 * 10)
        let (facts, steps) = try store.read { db in
            (try db.releaseFacts(StatisticsScope(), startedFrom: day, before: day.addingTimeInterval(86_400)),
             try db.failingSteps(StatisticsScope(), startedFrom: day, before: day.addingTimeInterval(86_400)))
        }
        #expect(facts.count == 1440)
        #expect(facts.filter { $0.state == .failed }.count == 144 && facts.filter { $0.state == .rolledBack }.count == 144)
        #expect(facts.reduce(0) { $0 + $1.hostsDeployed } == 1152 && facts.allSatisfy { $0.duration == 30 })
        #expect(steps == [StepFailureCount(step: .healthCheck, count: 288)])
    }

    @Test("a failure in production is restored by the next success there")
    func restores() throws {
        // Release 11 (production, minute 10) was rolled back; 13 (production, minute 12) is the next success there.
        let facts = try store.read { db in
            try db.releaseFacts(StatisticsScope(environmentID: production), finishedFrom: Self.start, before: Self.start.addingTimeInterval(3600))
        }
        #expect(facts.count == 30 && facts.allSatisfy { $0.environmentID == production })
        let failed = try #require(facts.first { $0.id == 11 })
        #expect(failed.state == .rolledBack && failed.timeToRestore == 120)
        #expect(facts.filter { $0.outcome.isFailedChange }.count == 6 && facts.filter { $0.state == .succeeded }.count == 24)
    }

    @Test("every statistics query walks an index, never the whole release or job table")
    func usesIndexes() throws {
        let day = Self.start.addingTimeInterval(86_400 * 10)
        let scopes = [StatisticsScope(), StatisticsScope(groupIDs: [1], applicationID: 1, environmentID: production)]
        for scope in scopes {
            var statements = [Database.releaseFactsStatement(scope, range: .started, day, day.addingTimeInterval(86_400)),
                              Database.versionHostsStatement(scope)]
            if scope.environmentID != nil {
                statements.append(Database.releaseFactsStatement(scope, range: .finished, day, day.addingTimeInterval(86_400)))
            }
            let started = try store.read { db in
                let (sql, arguments) = statements[0]
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            #expect(started.contains { $0.hasPrefix("SEARCH release USING INDEX releaseBy") }, "\(started.joined(separator: "\n"))")
            for (sql, arguments) in statements {
                let plan = try store.read { db in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
                }
                #expect(!plan.contains { $0.hasPrefix("SCAN release") || $0.hasPrefix("SCAN job") || $0.hasPrefix("SCAN next") || $0.hasPrefix("SCAN undo") },
                        "\(plan.joined(separator: "\n"))")
                #expect(!plan.contains { $0.contains("TEMP B-TREE") && !$0.contains("ORDER BY") }, "\(plan.joined(separator: "\n"))")
                // "Not a rollback" matches nearly every release: answered from its index it is a scan in disguise.
                #expect(!plan.contains { $0.hasPrefix("SEARCH release USING INDEX releaseByRollbackOf") }, "\(plan.joined(separator: "\n"))")
            }
        }
    }
}
