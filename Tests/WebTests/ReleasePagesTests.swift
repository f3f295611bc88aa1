import Core
import Foundation
import Storage
import Testing
@testable import Web

/// The release pages through a signed-in browser on a real server: the deploy form, the release
/// page (counts, hosts, actions) and the list.
struct ReleasePagesTests {
    /// The host rows of a page, in order: (machine id, state).
    static func hostRows(_ html: String) -> [(machine: String, state: String)] {
        html.matches(of: /<tr data-machine="(\d+)" data-phase="main"[^>]*>[\s\S]*?data-field="state">(\w+)</).map { (String($0.1), String($0.2)) }
    }

    /// The number a counts cell shows.
    static func count(_ html: String, _ key: String) -> Int? {
        html.firstMatch(of: try! Regex(#"data-count="\#(key)"[^>]*>(\d+)<"#))
            .flatMap { Int($0.output[1].substring ?? "") }
    }

    @Test("the release page shows the header, counts per batch and state, the hosts and the live script")
    func showsRelease() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app, hosts: 6)
            let dora = try await app.signIn("dora")
            let id = try #require(try await app.deploy("1.1.0", to: "staging", as: dora).id)
            await app.settle()
            let page = try await app.open("/releases/\(id)", as: dora)
            #expect(page.status == 200)
            let html = page.text
            #expect(html.contains(#"<h1>Release \#(id): <a href="/applications/web">web</a> 1.1.0 to staging</h1>"#))
            #expect(html.contains(#"data-release-state>running<"#) && html.contains("<dd>dora at <time"))
            let release = try await app.release(id)
            let tally = try await app.tally(id)
            #expect(release.batchCount > 1 && tally.count(.main, state: .queued) > 0 && tally.count(.main, state: .pending) > 0)
            for batch in 0..<release.batchCount {
                #expect(html.contains("<th scope=\"row\">Batch \(batch + 1)</th>"))
                for state in Job.State.allCases {
                    #expect(Self.count(html, "batch-\(batch)-\(state.rawValue)") == tally.count(.main, batch: batch, state: state),
                            "batch \(batch) \(state)")
                }
            }
            #expect(Self.count(html, "total-queued") == tally.count(.main, state: .queued))
            #expect(Self.count(html, "total-total") == 6 && !html.contains(#"data-count="undo-"#))
            let rows = Self.hostRows(html)
            #expect(rows.count == 6)
            #expect(rows.prefix(tally.count(.main, state: .queued)).allSatisfy { $0.state == "queued" }, "running hosts before pending ones")
            #expect(html.contains(">web-001</a></td><td>fra1</td>") && html.contains(">web-002</a></td><td>ams1</td>"))
            #expect(html.contains(#"<a href="/jobs/"#) && html.contains("\" data-field=\"log\">job "))
            #expect(html.contains(#"action="/releases/\#(id)/pause""#) && html.contains(#"action="/releases/\#(id)/abort""#))
            #expect(!html.contains("/approve\"") && !html.contains("/resume\"") && !html.contains("/retry\"") && !html.contains("/rollback\""))
            #expect(html.contains(#"data-events="/api/v1/releases/\#(id)/events""#))
            #expect(html.contains(#"<script src="/static/capstan.js" defer></script>"#))
            #expect(html.components(separatedBy: "<script").count == html.components(separatedBy: "<script src=").count, "no inline script")
            let script = try await app.get("/static/capstan.js")
            #expect(script.status == 200 && script.header("Content-Type") == "text/javascript; charset=utf-8")
            #expect(script.text.contains("new EventSource"))
        }
    }

    @Test("hosts come 50 to a page, failures first, and filter by state")
    func hostPages() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app, hosts: 120, stagingNeedsApproval: true)
            let dora = try await app.signIn("dora")
            let id = try #require(try await app.deploy("1.0.0", to: "staging", as: dora).id)
            let failed = try await app.store.write { db in
                try Int64.fetchAll(db, sql: """
                    UPDATE job SET state = 'failed', message = 'start failed'
                    WHERE id IN (SELECT id FROM job WHERE releaseID = ? ORDER BY id DESC LIMIT 3) RETURNING machineID
                    """, arguments: [id]).map(String.init).sorted()
            }
            let first = try await app.open("/releases/\(id)", as: dora).text
            let rows = Self.hostRows(first)
            #expect(rows.count == 50)
            #expect(rows.prefix(3).map(\.machine).sorted() == failed && rows.prefix(3).allSatisfy { $0.state == "failed" })
            #expect(rows.dropFirst(3).allSatisfy { $0.state == "pending" })
            #expect(first.contains("1–50 of 120, failures first") && first.contains(#"href="/releases/\#(id)?page=2#hosts" rel="next""#))
            #expect(!first.contains("rel=\"prev\""))
            let last = try await app.release(id).batchCount - 1
            #expect(Self.count(first, "batch-\(last)-failed") == 3 && Self.count(first, "total-failed") == 3)
            #expect(Self.count(first, "total-pending") == 117)
            let second = try await app.open("/releases/\(id)?page=2", as: dora).text
            #expect(Self.hostRows(second).count == 50 && second.contains("51–100 of 120"))
            #expect(Set(Self.hostRows(second).map(\.machine)).isDisjoint(with: rows.map(\.machine)))
            let third = try await app.open("/releases/\(id)?page=3", as: dora).text
            #expect(Self.hostRows(third).count == 20 && !third.contains("rel=\"next\"") && third.contains(#"href="/releases/\#(id)?page=2#hosts" rel="prev""#))
            let failures = try await app.open("/releases/\(id)?state=failed", as: dora).text
            #expect(Self.hostRows(failures).map(\.machine).sorted() == failed && failures.contains("1–3 of 3"))
            #expect(failures.contains(#"<option value="failed" selected>failed (3)</option>"#) && failures.contains("start failed"))
            #expect(try await app.open("/releases/\(id)?state=bogus", as: dora).status == 422)
        }
    }

    @Test("an action form without the session's CSRF token is refused and changes nothing")
    func actionsNeedCSRF() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app)
            let dora = try await app.signIn("dora")
            let id = try #require(try await app.deploy("1.0.0", to: "staging", as: dora).id)
            let missing = try await app.postForm("/releases/\(id)/pause", [:], headers: dora.headers(csrf: false))
            #expect(missing.status == 403 && missing.text.contains("CSRF"))
            let wrong = try await app.postForm("/releases/\(id)/abort", ["_csrf": "forged", "mode": "stop"], headers: dora.headers(csrf: false))
            #expect(wrong.status == 403)
            #expect(try await app.release(id).state == .running)
        }
    }

    @Test("pause, resume and abort from the page; a refused action shows its reason on the page")
    func actions() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app)
            let dora = try await app.signIn("dora")
            let id = try #require(try await app.deploy("1.0.0", to: "staging", as: dora).id)
            await app.settle()
            let paused = try await app.submit("/releases/\(id)/pause", [:], as: dora)
            #expect(paused.status == 303 && paused.header("Location") == "/releases/\(id)")
            let page = try await app.open("/releases/\(id)", as: dora).text
            #expect(page.contains("data-release-state>paused<") && page.contains("paused by dora"))
            #expect(page.contains(#"action="/releases/\#(id)/resume""#) && !page.contains(#"action="/releases/\#(id)/pause""#))
            let again = try await app.submit("/releases/\(id)/pause", [:], as: dora)
            #expect(again.status == 409 && again.text.contains(#"<p class="form-error" role="alert">release \#(id) is paused and cannot be paused</p>"#))
            #expect(again.text.contains("data-release-state>paused<"), "the release page, not an error page")
            #expect(try await app.submit("/releases/\(id)/resume", [:], as: dora).status == 303)
            #expect(try await app.release(id).state == .running)
            let aborted = try await app.submit("/releases/\(id)/abort", ["mode": "stop"], as: dora)
            #expect(aborted.status == 303)
            await app.settle()
            let finished = try await app.open("/releases/\(id)", as: dora).text
            #expect(try await app.release(id).state == .aborted && finished.contains("data-release-state>aborted<"))
            #expect(finished.contains("running hosts stop"))
            #expect(finished.contains(#"action="/releases/\#(id)/retry""#) && finished.contains(#"action="/releases/\#(id)/rollback""#))
            #expect(!finished.contains(#"action="/releases/\#(id)/abort""#))
            let rollback = try await app.submit("/releases/\(id)/rollback", [:], as: dora)
            #expect(rollback.status == 409 && rollback.text.contains("no host of release \(id) has an earlier release of web to return to"))
            #expect(try await app.submit("/releases/\(id)/abort", ["mode": "later"], as: dora).status == 422)
            let byOperator = ["release.abort", "release.resume", "release.pause"]
            #expect(try await app.auditRows().map(\.entry.action).filter(byOperator.contains) == byOperator)
        }
    }

    @Test("the requester cannot approve their own release; another deployer can")
    func approval() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app, stagingNeedsApproval: true)
            let dora = try await app.signIn("dora")
            let application = try await app.open("/applications/web", as: dora).text
            #expect(application.contains("staging (needs approval)") && application.contains("A release to staging waits until someone other than you"))
            let id = try #require(try await app.deploy("1.0.0", to: "staging", as: dora).id)
            let own = try await app.open("/releases/\(id)", as: dora).text
            #expect(own.contains("data-release-state>awaitingApproval<") && own.contains("You requested this release"))
            #expect(!own.contains(#"action="/releases/\#(id)/approve""#))
            let refused = try await app.submit("/releases/\(id)/approve", [:], as: dora)
            #expect(refused.status == 403 && refused.text.contains("you requested this release; someone else"))
            let dave = try await app.signIn("dave")
            #expect(try await app.open("/releases/\(id)", as: dave).text.contains(#"action="/releases/\#(id)/approve""#))
            #expect(try await app.submit("/releases/\(id)/approve", [:], as: dave).status == 303)
            let approved = try await app.open("/releases/\(id)", as: dave).text
            #expect(approved.contains("data-release-state>running<") && approved.contains("<dt>Approved by</dt><dd>dave at"))
        }
    }

    @Test("a viewer sees the release without actions and is refused them; an outsider does not see it")
    func viewer() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app)
            let id = try #require(try await app.deploy("1.0.0", to: "staging", as: try await app.signIn("dora")).id)
            let vera = try await app.signIn("vera")
            let page = try await app.open("/releases/\(id)", as: vera)
            #expect(page.status == 200 && !page.text.contains("action=\"/releases/\(id)/"))
            for action in ["pause", "abort", "approve", "retry", "rollback"] {
                let refused = try await app.submit("/releases/\(id)/\(action)", [:], as: vera)
                #expect(refused.status == 403, "\(action)")
            }
            #expect(try await app.release(id).state == .running)
            let application = try await app.open("/applications/web", as: vera).text
            #expect(!application.contains("/applications/web/deploy"))
            #expect(try await app.deploy("1.1.0", to: "staging", as: vera).response.status == 403)
            let olga = try await app.signIn("olga")
            #expect(try await app.open("/releases/\(id)", as: olga).status == 404)
            #expect(try await app.submit("/releases/\(id)/pause", [:], as: olga).status == 404)
            #expect(try await app.deploy("1.1.0", to: "staging", as: olga).response.status == 404)
        }
    }

    @Test("the deploy form lists versions newest first and shows the strategy")
    func deployForm() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app, versions: ["1.0.0", "1.1.0", "2.0.0"], production: true)
            let html = try await app.open("/applications/web", as: try await app.signIn("dora")).text
            let options = html.matches(of: /<option value="([^"]+)"( selected)?>[^<]*<\/option>/).map { String($0.1) }
            #expect(options.prefix(3) == ["2.0.0", "1.1.0", "1.0.0"])
            #expect(html.contains(#"<option value="2.0.0" selected>2.0.0</option>"#))
            #expect(html.contains("production (needs approval; after a success in staging)"))
            #expect(html.contains(">staging</option>"), "nothing below staging that the group uses")
            #expect(html.contains("Strategy: batches of 25%, 10 hosts at once, failure limit 0, no pause"))
            #expect(html.contains(#"<form method="get" action="/applications/web/deploy" class="stacked">"#), "the form asks for the review")
        }
    }

    @Test("a refused deploy keeps what was typed and says why, next to the field or at the top")
    func deployRefused() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app, production: true)
            let dora = try await app.signIn("dora")
            let unknown = try await app.deploy("9.9.9", to: "staging", overrideReason: "kept", as: dora).response
            #expect(unknown.status == 422)
            let select = try #require(unknown.text.range(of: #"<option value="9.9.9" selected>9.9.9</option>"#))
            let message = try #require(unknown.text.range(of: #"<p class="field-error">web has no version 9.9.9</p>"#))
            #expect(select.upperBound < message.lowerBound)
            #expect(unknown.text.contains(#"<option value="staging" selected>"#) && unknown.text.contains(#"name="overrideReason" value="kept""#))

            let first = try #require(try await app.deploy("1.0.0", to: "staging", as: dora).id)
            let locked = try await app.deploy("1.1.0", to: "staging", as: dora).response
            #expect(locked.status == 409)
            #expect(locked.text.contains(#"<p class="form-error" role="alert">release \#(first) (web 1.0.0 to staging) is still running; wait for it or abort it first</p>"#))
            #expect(locked.text.contains(#"<option value="1.1.0" selected>"#) && locked.text.contains(#"<option value="staging" selected>"#))

            let gated = try await app.deploy("1.1.0", to: "production", as: dora).response
            #expect(gated.status == 409 && gated.text.contains(#"<p class="field-error">web 1.1.0 has no succeeded release in staging"#))
            let overridden = try await app.deploy("1.1.0", to: "production", overrideReason: "hotfix", as: dora).response
            #expect(overridden.status == 403 && overridden.text.contains(#"<p class="field-error">only an admin may skip the promotion gate</p>"#))
            #expect(try await app.store.read { db in try db.releases(matching: ReleaseQuery()) }.count == 1)
        }
    }

    @Test("typed text and stored reasons are escaped on the deploy form and the release page")
    func escapes() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app, production: true)
            try await app.makeUser("ada", isAdmin: true)
            let ada = try await app.signIn("ada")
            let typed = try await app.deploy("<script>alert(1)</script>", to: "staging", as: ada).response
            #expect(typed.status == 422 && !typed.text.contains("<script>alert"))
            #expect(typed.text.contains(#"<option value="&lt;script&gt;alert(1)&lt;/script&gt;" selected>"#))
            #expect(typed.text.contains("web has no version &lt;script&gt;alert(1)&lt;/script&gt;"))
            let reason = #"<script>alert("x")</script> & more"#
            let id = try #require(try await app.deploy("1.0.0", to: "production", overrideReason: reason, as: ada).id)
            let page = try await app.open("/releases/\(id)", as: ada).text
            #expect(page.contains("<dd>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</dd>") && !page.contains("<script>alert"))
        }
    }

    @Test("the list filters by application, environment and state, and pages by cursor")
    func list() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app, stagingNeedsApproval: true)
            let headers = try await app.adminTokenHeaders()
            for _ in 0..<(ReleasesPages.pageSize + 2) {
                let created = try await app.send("POST", "/api/v1/releases", json: ["application": "web", "version": "1.0.0", "environment": "staging"],
                                                 headers: headers)
                let id = try #require(created.text.firstMatch(of: /"id":"(\d+)"/)?.1, "\(created.status) \(created.text)")
                #expect(try await app.send("POST", "/api/v1/releases/\(id)/abort", headers: headers).status == 200)
            }
            let newest = try #require(try await app.send("POST", "/api/v1/releases",
                                                         json: ["application": "web", "version": "1.1.0", "environment": "staging"],
                                                         headers: headers).text.firstMatch(of: /"id":"(\d+)"/)?.1)
            let dora = try await app.signIn("dora")
            let first = try await app.open("/releases", as: dora).text
            #expect(first.contains(#"<a href="/releases" aria-current="page">Releases</a>"#))
            let ids = first.matches(of: /<td><a href="\/releases\/(\d+)">/).map { String($0.1) }
            #expect(ids.count == ReleasesPages.pageSize && ids.first == String(newest))
            let next = try #require(first.firstMatch(of: /<a href="([^"]+)" rel="next">/)?.1)
            #expect(next == "/releases?cursor=\(ids.last!)")
            let second = try await app.open(String(next), as: dora).text
            #expect(second.matches(of: /<td><a href="\/releases\/(\d+)">/).count == 3 && !second.contains("rel=\"next\""))
            let waiting = try await app.open("/releases?state=awaitingApproval&environment=staging&application=web", as: dora).text
            #expect(waiting.matches(of: /<td><a href="\/releases\/(\d+)">/).map { String($0.1) } == [String(newest)])
            #expect(waiting.contains(#"<option value="awaitingApproval" selected>"#) && waiting.contains(#"name="application" value="web""#))
            let unknown = try await app.open("/releases?application=nope", as: dora)
            #expect(unknown.status == 422 && unknown.text.contains("no application named nope"))
            #expect(try await app.open("/releases", as: try await app.signIn("olga")).text.contains("No releases yet"))
        }
    }
}
