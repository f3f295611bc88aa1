import Core
import Foundation
import Testing
@testable import Web

/// `capstan stats`, the built binary, against a running server over `StatisticsHistory`.
struct StatsCommandTests {
    static func run(_ app: RunningApp, _ arguments: [String], login: String = "vera") async throws -> (status: Int32, stdout: String, stderr: String) {
        let user = try #require(try await app.store.read { db in try db.user(login: login) })
        let token = try await app.makeToken(for: user)
        return try await ChildProcess.run(["stats"] + arguments, environment: ["CAPSTAN_URL": "http://127.0.0.1:\(app.port)", "CAPSTAN_TOKEN": token])
    }

    @Test("prints the summary and the weekly delivery metrics as tables")
    func tables() async throws {
        try await withRunningApp { app in
            _ = try await StatisticsHistory.make(in: app)
            let result = try await Self.run(app, ["--from", "2025-05-26", "--to", "2025-06-15"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == """
                releases started 2025-05-26 to 2025-06-15 (UTC)
                STARTED  SUCCEEDED  FAILED  ROLLED BACK  ABORTED  IN PROGRESS  SUCCESS  P50  P95  HOSTS  FAILING STEP
                11       5          2       2            1        1            50%      5m   20m  15     healthCheck

                delivery in production, per week (* under way)
                WEEK         DEPLOYMENTS  LEAD TIME  CHANGE FAILURE RATE  TIME TO RESTORE
                2025-05-26   2            1h 05m     33%                  1h 45m
                2025-06-02   3            1h 10m     50%                  50m
                2025-06-09*  0            –          100%                 – (1 not restored)
                trend        improving    worsening  worsening            improving

                """)
        }
    }

    @Test("--json prints the server's body; a bad filter is the server's message and exit 1")
    func jsonAndRefusal() async throws {
        try await withRunningApp { app in
            _ = try await StatisticsHistory.make(in: app)
            let json = try await Self.run(app, ["--json", "--app", "web", "--from", "2025-05-28", "--to", "2025-05-28"])
            #expect(json.status == 0)
            let body = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect(((body?["summary"] as? [String: Any])?["started"] as? NSNumber)?.intValue == 2)
            let bad = try await Self.run(app, ["--to", "2025-06-31"])
            #expect(bad.status == 1 && bad.stderr == "capstan: 422 invalid: to must be a day as YYYY-MM-DD\n")
            let hidden = try await Self.run(app, ["--app", "api"])
            #expect(hidden.status == 1 && hidden.stderr == "capstan: 404 notFound: no application named api\n")
        }
    }
}
