import Core
import Foundation
import Testing
@testable import Web

/// `/api/v1/stats` and `/api/v1/versions` over `StatisticsHistory`, whose numbers are worked out
/// by hand in its table: the viewer `vera` of payments sees payments' releases only; the admin
/// sees the search group's `api` too.
struct StatisticsAPITests {
    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    static func object(_ value: Any?) -> [String: Any] { value as? [String: Any] ?? [:] }

    static func stats(_ app: RunningApp, _ query: String = StatisticsHistory.query, as headers: [String: String]) async throws -> [String: Any] {
        let response = try await app.get("/api/v1/stats?\(query)", headers: headers)
        guard response.status == 200 else { throw RawHTTP.Failure("stats: \(response.status) \(response.text)") }
        return try response.json()
    }

    @Test("the summary and the days of a viewer's group match the numbers worked out by hand")
    func summary() async throws {
        try await withRunningApp { app in
            _ = try await StatisticsHistory.make(in: app)
            let vera = try await app.signIn("vera").headers(csrf: false)
            let body = try await Self.stats(app, as: vera)
            #expect(Self.object(body["filter"])["from"] as? String == "2025-05-26" && Self.object(body["filter"])["to"] as? String == "2025-06-15")
            let summary = Self.object(body["summary"])
            let counts = ["started": 11, "succeeded": 5, "failed": 2, "rolledBack": 2, "aborted": 1, "inProgress": 1, "hostsDeployed": 15]
            for (key, value) in counts { #expect(Self.number(summary[key]) == Double(value), "\(key)") }
            // Succeeded among the ten finished.
            #expect(Self.number(summary["successRate"]) == 0.5)
            // Finished durations 60, 120, 300, 300, 300, 600, 600, 600, 900, 1200: the 5th and the 10th.
            #expect(Self.number(Self.object(summary["durationSeconds"])["p50"]) == 300)
            #expect(Self.number(Self.object(summary["durationSeconds"])["p95"]) == 1200)
            #expect(summary["mostCommonFailingStep"] as? String == "healthCheck")
            let steps = (summary["failingSteps"] as? [[String: Any]] ?? []).map { "\($0["step"] ?? "")=\(Self.number($0["count"]) ?? -1)" }
            #expect(steps == ["healthCheck=3.0", "start=2.0"])
            let days = body["days"] as? [[String: Any]] ?? []
            #expect(days.count == 21 && days.first?["date"] as? String == "2025-05-26" && days.last?["date"] as? String == "2025-06-15")
            let busy = days.first { $0["date"] as? String == "2025-05-28" } ?? [:]
            #expect(Self.number(busy["started"]) == 2 && Self.number(busy["succeeded"]) == 1 && Self.number(busy["failed"]) == 1)
            #expect(Self.number(Self.object(busy["durationSeconds"])["p50"]) == 300 && Self.number(Self.object(busy["durationSeconds"])["p95"]) == 1200)
            #expect(days.map { Self.number($0["started"]) ?? 0 }.reduce(0, +) == 11)
            #expect(Self.number(Self.object(days[1]["durationSeconds"])["p50"]) == 120 && Self.object(days[3]["durationSeconds"])["p50"] is NSNull)
        }
    }

    @Test("delivery metrics per week in the highest-ranked environment, with their trends")
    func delivery() async throws {
        try await withRunningApp { app in
            _ = try await StatisticsHistory.make(in: app)
            let vera = try await app.signIn("vera").headers(csrf: false)
            let delivery = Self.object(try await Self.stats(app, as: vera)["delivery"])
            #expect(delivery["environment"] as? String == "production")
            let weeks = delivery["weeks"] as? [[String: Any]] ?? []
            #expect(weeks.map { $0["start"] as? String } == ["2025-05-26", "2025-06-02", "2025-06-09"])
            #expect(weeks.map { $0["isComplete"] as? Bool } == [true, true, false])
            // Week 1: R1 and R3 deployed (lead 7800 s and 3900 s: the median of two is the first); R2 failed and R3 restored it 6300 s later.
            // Week 2: R4, R6, R7 (leads 4200, 2100, 4200); R5 and the undone R7 failed, restored after 3000 s and 6720 s.
            // Week 3: R9 failed, not restored.
            #expect(weeks.map { Self.number($0["deployments"]) } == [2, 3, 0])
            #expect(weeks.map { Self.number($0["leadTimeSeconds"]) } == [3900, 4200, nil])
            #expect(weeks.map { Self.number($0["changes"]) } == [3, 4, 1] && weeks.map { Self.number($0["failedChanges"]) } == [1, 2, 1])
            #expect(weeks.map { Self.number($0["changeFailureRate"]) } == [0.3333, 0.5, 1])
            #expect(weeks.map { Self.number($0["timeToRestoreSeconds"]) } == [6300, 3000, nil])
            #expect(weeks.map { Self.number($0["restored"]) } == [1, 2, 0] && weeks.map { Self.number($0["unrestored"]) } == [0, 0, 1])
            // Over the two ended weeks: deployments 2 → 3, lead 3900 → 4200, failure rate 1/3 → 1/2, restore 6300 → 3000.
            let trend = Self.object(delivery["trend"])
            let expected: [(String, Double, String)] = [("deployments", 1, "improving"), ("leadTimeSeconds", 300, "worsening"),
                                                        ("changeFailureRate", 0.1667, "worsening"), ("timeToRestoreSeconds", -3300, "improving")]
            for (key, slope, direction) in expected {
                #expect(Self.number(Self.object(trend[key])["slopePerWeek"]) == slope, "\(key)")
                #expect(Self.object(trend[key])["direction"] as? String == direction, "\(key)")
            }
        }
    }

    @Test("a viewer of one group sees only that group's numbers; the admin sees every group")
    func permissions() async throws {
        try await withRunningApp { app in
            let history = try await StatisticsHistory.make(in: app)
            let admin = try await app.adminTokenHeaders()
            let all = try await Self.stats(app, as: admin)
            #expect(Self.number(Self.object(all["summary"])["started"]) == 12 && Self.number(Self.object(all["summary"])["hostsDeployed"]) == 16)
            // A1's lead time (4600 s) joins week 1's: 3900, 4600, 7800 → 4600.
            let weeks = Self.object(all["delivery"])["weeks"] as? [[String: Any]] ?? []
            #expect(Self.number(weeks.first?["deployments"]) == 3 && Self.number(weeks.first?["leadTimeSeconds"]) == 4600)
            let search = try await Self.stats(app, "group=\(history.searchGroupID)&\(StatisticsHistory.query)", as: admin)
            #expect(Self.number(Self.object(search["summary"])["started"]) == 1)
            let olga = try await app.signIn("olga").headers(csrf: false)
            let own = try await Self.stats(app, as: olga)
            #expect(Self.number(Self.object(own["summary"])["started"]) == 1 && Self.number(Self.object(own["summary"])["succeeded"]) == 1)
            let vera = try await app.signIn("vera").headers(csrf: false)
            for query in ["group=\(history.searchGroupID)", "application=api"] {
                let hidden = try await app.get("/api/v1/stats?\(query)", headers: vera)
                #expect(hidden.status == 404, "\(query)")
                let versions = try await app.get("/api/v1/versions?\(query)", headers: vera)
                #expect(versions.status == 404, "\(query)")
            }
            let payments = try await Self.stats(app, "group=\(history.page.groupID)&\(StatisticsHistory.query)", as: vera)
            #expect(Self.number(Self.object(payments["summary"])["started"]) == 11)
            #expect(try await app.get("/api/v1/stats").status == 401)
            #expect(try await app.get("/api/v1/versions").status == 401)
        }
    }

    @Test("an environment filter narrows the summary and measures delivery there")
    func environmentFilter() async throws {
        try await withRunningApp { app in
            _ = try await StatisticsHistory.make(in: app)
            let vera = try await app.signIn("vera").headers(csrf: false)
            let body = try await Self.stats(app, "environment=staging&\(StatisticsHistory.query)", as: vera)
            let summary = Self.object(body["summary"])
            #expect(Self.number(summary["started"]) == 3 && Self.number(summary["succeeded"]) == 1 && Self.number(summary["aborted"]) == 1)
            #expect(Self.number(summary["successRate"]) == 0.5 && summary["mostCommonFailingStep"] is NSNull)
            let delivery = Self.object(body["delivery"])
            let weeks = delivery["weeks"] as? [[String: Any]] ?? []
            #expect(delivery["environment"] as? String == "staging")
            // S1 finished day 1 09:02, uploaded 08:00; the aborted S3 is no change.
            #expect(weeks.map { Self.number($0["deployments"]) } == [1, 0, 0] && Self.number(weeks.first?["leadTimeSeconds"]) == 3720)
            #expect(weeks.last?["changeFailureRate"] is NSNull)
            let one = try await Self.stats(app, "application=web&from=2025-05-28&to=2025-05-28", as: vera)
            #expect(Self.number(Self.object(one["summary"])["started"]) == 2 && (one["days"] as? [Any])?.count == 1)
        }
    }

    @Test("bad filters are answered with the error JSON naming the parameter",
          arguments: [("from=2025-13-01", 422, "from"), ("to=soon", 422, "to"), ("from=2025-06-10&to=2025-06-01", 422, "from"),
                      ("from=2020-01-01&to=2025-01-01", 422, "from"), ("group=abc", 422, "group"), ("group=99999", 404, "group"),
                      ("application=nope", 404, "application"), ("environment=nope", 404, "environment"),
                      ("group=PAYMENTS&application=api", 422, "application")])
    func badFilters(_ query: String, _ status: Int, _ field: String) async throws {
        try await withRunningApp { app in
            let history = try await StatisticsHistory.make(in: app)
            let admin = try await app.adminTokenHeaders()
            let target = query.replacingOccurrences(of: "PAYMENTS", with: String(history.page.groupID))
            let response = try await app.get("/api/v1/stats?\(target)", headers: admin)
            #expect(response.status == status, "\(response.text)")
            #expect(try response.errorObject()["field"] as? String == field)
            #expect(try response.errorObject()["code"] as? String == (status == 404 ? "notFound" : "invalid"))
            if !query.contains("from") && !query.contains("to=") {
                #expect(try await app.get("/api/v1/versions?\(target)", headers: admin).status == status)
            }
        }
    }

    @Test("the version map: hosts per version and the hosts not on the newest succeeded release's version")
    func versions() async throws {
        try await withRunningApp { app in
            let history = try await StatisticsHistory.make(in: app)
            let admin = try await app.adminTokenHeaders()
            let response = try await app.get("/api/v1/versions", headers: admin)
            #expect(response.status == 200)
            let items = try response.json()["items"] as? [[String: Any]] ?? []
            #expect(items.map { "\($0["application"] ?? "")/\($0["environment"] ?? "")" } == ["api/production", "web/staging", "web/production"])
            let api = items[0]
            #expect(api["expectedVersion"] as? String == "9.0" && Self.number(api["differingCount"]) == 0 && Self.number(api["hosts"]) == 1)
            // Staging: S1 (2.0) is the newest success; S2 put 2.1 on web-001; web-004 never got anything.
            let staging = items[1]
            #expect(staging["expectedVersion"] as? String == "2.0" && Self.number(staging["hosts"]) == 4)
            let versions = (staging["versions"] as? [[String: Any]] ?? []).map { "\($0["version"] as? String ?? "none")×\(Self.number($0["hosts"]) ?? 0)" }
            #expect(versions == ["2.0×2.0", "2.1×1.0", "none×1.0"])
            let differing = staging["differing"] as? [[String: Any]] ?? []
            #expect(differing.map { $0["hostname"] as? String } == ["web-001", "web-004"] && differing.last?["version"] is NSNull)
            #expect(differing.first?["version"] as? String == "2.1" && differing.first?["machineID"] is String)
            // Production: R8 rolled prod-1 back to 1.5 and is the newest success; prod-2 still runs R7's 1.6.
            let production = items[2]
            #expect(production["expectedVersion"] as? String == "1.5")
            #expect((production["differing"] as? [[String: Any]] ?? []).map { "\($0["hostname"] ?? "") \($0["version"] ?? "")" } == ["prod-2 1.6"])
            let vera = try await app.signIn("vera").headers(csrf: false)
            let own = try await app.get("/api/v1/versions?environment=production", headers: vera).json()["items"] as? [[String: Any]] ?? []
            #expect(own.map { $0["application"] as? String } == ["web"])
            let group = try await app.get("/api/v1/versions?group=\(history.searchGroupID)", headers: admin).json()["items"] as? [[String: Any]]
            #expect(group?.map { $0["application"] as? String } == ["api"])
        }
    }
}
