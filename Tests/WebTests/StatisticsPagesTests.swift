import Core
import Foundation
import Testing
@testable import Web

/// `/stats` and `/versions` through a signed-in browser over `StatisticsHistory`.
struct StatisticsPagesTests {
    /// The SVG of the chart `id`.
    static func chart(_ html: String, _ id: String) -> String? {
        html.firstMatch(of: try! Regex(#"<svg class="chart"[^>]*data-chart="\#(id)"[\s\S]*?</svg>"#)).map { String(html[$0.range]) }
    }

    /// The text of a table cell: `data-field` within the row `rowAttribute="key"`.
    static func cell(_ html: String, row: String, _ key: String, _ field: String) -> String? {
        html.firstMatch(of: try! Regex(#"<tr \#(row)="\#(key)">[^\n]*?data-field="\#(field)">([^<]*)<"#))
            .flatMap { $0.output[1].substring.map(String.init) }
    }

    static func stat(_ html: String, _ key: String) -> String? {
        html.firstMatch(of: try! Regex(#"data-stat="\#(key)">([^<]*)<"#)).flatMap { $0.output[1].substring.map(String.init) }
    }

    @Test("the statistics page: summary, charts with titles, and tables with the same numbers")
    func statistics() async throws {
        try await withRunningApp { app in
            _ = try await StatisticsHistory.make(in: app)
            let vera = try await app.signIn("vera")
            let page = try await app.open("/stats?\(StatisticsHistory.query)", as: vera)
            #expect(page.status == 200)
            let html = page.text
            #expect(html.contains(#"<a href="/stats" aria-current="page">Statistics</a>"#) && html.contains(#"<a href="/versions">Versions</a>"#))
            #expect(html.contains(#"value="2025-05-26""#) && html.contains(#"value="2025-06-15""#))
            let expected = ["started": "11", "succeeded": "5", "failed": "2", "rolledBack": "2", "aborted": "1", "inProgress": "1",
                            "successRate": "50%", "durationP50": "5m", "durationP95": "20m", "hostsDeployed": "15", "failingStep": "healthCheck"]
            for (key, value) in expected { #expect(Self.stat(html, key) == value, "\(key)") }
            // One bar segment per day and outcome with releases: 9 days, two of them with two outcomes.
            let releases = try #require(Self.chart(html, "chart-releases"))
            #expect(releases.matches(of: /<rect class="series-/).count == 11)
            #expect(releases.contains(#"aria-label="Releases per day by outcome""#) && releases.contains("<title>Releases per day by outcome</title>"))
            #expect(releases.contains(#"role="img""#) && releases.contains(#"<desc id="chart-releases-desc">11 releases started from 2025-05-26 to 2025-06-15: 5 succeeded, 2 failed, 2 rolled back, 1 aborted, 1 in progress.</desc>"#))
            #expect(releases.contains("<title>05-28: 1 failed</title>") && releases.contains("<title>05-28: 1 succeeded</title>"))
            #expect(Self.cell(html, row: "data-day", "2025-05-28", "started") == "2" && Self.cell(html, row: "data-day", "2025-05-28", "failed") == "1")
            #expect(Self.cell(html, row: "data-day", "2025-06-03", "rolledBack") == "1")
            let durations = try #require(Self.chart(html, "chart-durations"))
            #expect(durations.contains(#"<polyline class="line-p50""#) && durations.contains("<title>05-28: p95 20m</title>"))
            #expect(Self.cell(html, row: "data-day", "2025-05-28", "p50") == "5m" && Self.cell(html, row: "data-day", "2025-05-29", "p50") == "–")
            for id in ["chart-deployments", "chart-times", "chart-failures"] { #expect(Self.chart(html, id) != nil, "\(id)") }
            #expect(html.contains("Delivery metrics in production, per week"))
            #expect(Self.cell(html, row: "data-week", "2025-05-26", "deployments") == "2")
            #expect(Self.cell(html, row: "data-week", "2025-05-26", "leadTime") == "1h 05m")
            #expect(Self.cell(html, row: "data-week", "2025-05-26", "changeFailureRate") == "33%")
            #expect(Self.cell(html, row: "data-week", "2025-05-26", "timeToRestore") == "1h 45m")
            #expect(Self.cell(html, row: "data-week", "2025-06-02", "timeToRestore") == "50m")
            #expect(html.contains(#"<td data-trend="deployments"><span class="trend trend-improving">improving</span>"#))
            #expect(html.contains(#"<td data-trend="leadTime"><span class="trend trend-worsening">worsening</span> <span class="muted">+5m a week</span>"#))
            // The charts are drawn on the server: the only script is the layout's capstan.js (live updates, dialogs).
            #expect(html.components(separatedBy: "<script").count == 2 && html.contains(#"<script src="/static/capstan.js" defer></script>"#),
                    "no script of the page's own")
        }
    }

    @Test("bad filters show their message next to the field; an empty period says what to do")
    func badFiltersAndEmpty() async throws {
        try await withRunningApp { app in
            let history = try await StatisticsHistory.make(in: app)
            let vera = try await app.signIn("vera")
            let bad = try await app.open("/stats?from=2025-02-30", as: vera)
            #expect(bad.status == 422)
            #expect(bad.text.contains(#"<span class="field-error" id="from-error">from must be a day as YYYY-MM-DD</span>"#))
            #expect(bad.text.contains(#"value="2025-02-30" aria-invalid="true""#) && !bad.text.contains("<svg"))
            let hidden = try await app.open("/stats?group=\(history.searchGroupID)", as: vera)
            #expect(hidden.status == 404 && hidden.text.contains(#"id="group-error">no group with id \#(history.searchGroupID)<"#))
            let hostile = try await app.open("/stats?application=%3Cscript%3Ealert(1)%3C/script%3E", as: vera)
            #expect(hostile.status == 404 && !hostile.text.contains("<script>alert") && hostile.text.contains("&lt;script&gt;alert(1)"))
            let empty = try await app.open("/stats?from=2025-01-01&to=2025-01-31", as: vera)
            #expect(empty.status == 200 && empty.text.contains("No releases started in this period"))
            #expect(!empty.text.contains(#"data-chart="chart-releases""#) && Self.stat(empty.text, "started") == "0")
        }
    }

    @Test("the version map highlights the hosts not on the expected version")
    func versions() async throws {
        try await withRunningApp { app in
            let history = try await StatisticsHistory.make(in: app)
            let admin = try await app.makeUser("root", isAdmin: true)
            let session = try await app.signIn(admin.login)
            let page = try await app.open("/versions", as: session)
            #expect(page.status == 200)
            let html = page.text
            let machines = history.page.machines
            let prod2 = try #require(machines.first { $0.hostname == "prod-2" }).id
            let web4 = try #require(machines.first { $0.hostname == "web-004" }).id
            #expect(html.contains(#"<tr data-application="web" data-environment="production" class="differs">"#))
            #expect(html.contains(#"<mark class="differs"><a href="/machines/\#(prod2)">prod-2</a> runs 1.6</mark>"#))
            #expect(html.contains(#"<mark class="differs"><a href="/machines/\#(web4)">web-004</a> has none</mark>"#))
            #expect(html.contains(#"<span class="version version-expected" data-version="1.5">1.5 × 1</span>"#))
            #expect(html.contains(#"<span class="version version-other" data-version="1.6">1.6 × 1</span>"#))
            #expect(html.contains(#"<tr data-application="api" data-environment="production">"#) && html.contains("all on 9.0"))
            let vera = try await app.signIn("vera")
            let own = try await app.open("/versions", as: vera).text
            #expect(!own.contains(#"data-application="api""#) && own.contains(#"data-application="web""#))
            let none = try await app.open("/versions?environment=staging&application=api", as: session)
            #expect(none.status == 200 && none.text.contains("No hosts match these filters"))
            let missing = try await app.open("/versions?environment=nowhere", as: vera)
            #expect(missing.status == 404 && missing.text.contains(#"<span class="field-error">no environment named nowhere</span>"#))
        }
    }
}
