import Core
import Foundation
import GRDB
import Storage
import Testing
@testable import Web

/// The dashboard (`GET /`) and its live feed (`GET /releases/events`), on a real server.
struct DashboardPageTests {
    @Test("a new server's dashboard says what to do next")
    func emptyStates() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let html = try await app.open("/", as: try await app.signIn("ada")).text
            #expect(html.contains("<h1>Dashboard</h1>"))
            #expect(html.contains("No release is running. Start one from an"))
            #expect(html.contains("No release has finished yet."))
            #expect(html.contains("No machines yet. Create an enrollment token"))
        }
    }

    @Test("running releases with their progress, recent ones with their outcome, machines per group and environment")
    func sections() async throws {
        try await withRunningApp { app in
            let fixture = try await ReleasePageFixture.make(in: app, hosts: 4)
            let dora = try await app.signIn("dora")
            let finished = try #require(try await app.deploy("1.0.0", to: "staging", as: dora).id)
            await app.settle()
            let seen = app.clock.now().millisecondsSince1970
            try await app.store.write { db in
                try db.execute(sql: "UPDATE release SET state = 'failed', message = 'failure limit of 0 passed', startedAt = createdAt, finishedAt = createdAt + 95000 WHERE id = ?",
                               arguments: [finished])
                // Three of the four staging hosts reported just now: one is offline.
                try db.execute(sql: "UPDATE machine SET lastSeenAt = ? WHERE id IN (?, ?, ?)",
                               arguments: [seen, fixture.machines[0].id, fixture.machines[1].id, fixture.machines[2].id])
            }
            let running = try #require(try await app.deploy("1.1.0", to: "staging", as: dora).id)
            await app.settle()
            try await app.store.write { db in
                try db.execute(sql: "UPDATE job SET state = 'succeeded' WHERE id IN (SELECT id FROM job WHERE releaseID = ? ORDER BY id LIMIT 1)",
                               arguments: [running])
            }

            let html = try await app.open("/", as: dora).text
            let row = try #require(html.firstMatch(of: try Regex(#"<tr data-release-row="\#(running)">[\s\S]*?</tr>"#))).output[0].substring ?? ""
            #expect(row.contains(#"<progress max="4" value="1""#) && row.contains("1 of 4 hosts"), "\(row)")
            #expect(row.contains(#"data-field="state">running<"#) && row.contains("web</a> 1.1.0") && row.contains("<td>dora</td>"))
            #expect(html.contains(#"<span class="state state-failed">failed</span>"#) && html.contains("failure limit of 0 passed"))
            #expect(html.contains("<td>1 min 35 s</td>"), "how long the finished release took")
            #expect(html.contains(/<td>payments<\/td><td>staging<\/td>\s*<td class="online">3<\/td>/), "\(html)")
            #expect(html.contains(#"<a class="offline" href="/machines?group=\#(fixture.groupID)&amp;environment=\#(fixture.staging)&amp;online=false">1</a>"#))
            #expect(html.contains(#"<span class="online">3 online</span> · <span class="offline">1 offline</span> of 4 machines"#))
            #expect(html.contains(#"data-events="/releases/events""#))
            let versions = try #require(html.firstMatch(of: /<section aria-labelledby="versions-heading">[\s\S]*?<\/section>/)).output.description
            // One host runs 1.1.0, three nothing yet, and no release has succeeded there to expect a version.
            #expect(versions.contains("<td>staging</td><td>none yet</td>") && versions.contains("<td>nothing on 3, 1.1.0 on 1</td>"), "\(versions)")
            #expect(versions.contains(#"<tr class="failure">"#) && versions.contains(#"href="/versions?application=web&amp;environment=staging">1 of 4</a>"#))

            // Another group's owner sees none of it; a viewer of the group sees it all.
            let other = try await app.open("/", as: try await app.signIn("olga")).text
            #expect(!other.contains("data-release-row") && !other.contains("1.0.0") && other.contains("No machines yet."))
            #expect(try await app.open("/", as: try await app.signIn("vera")).text.contains(#"<tr data-release-row="\#(running)">"#))
        }
    }

    @Test("the live feed sends a release's progress to whoever may see it, and nothing to others")
    func liveFeed() async throws {
        try await withRunningApp { app in
            let fixture = try await ReleasePageFixture.make(in: app, hosts: 2)
            // olga's group gets an application and a host of its own, for a release she may see.
            let now = app.clock.now()
            try await app.store.write { db in
                let search = try #require(try db.group(named: "search"))
                let application = try db.createApplication(ApplicationDraft(name: "find", groupID: search.id, runAs: "app", installRoot: "/srv"))
                _ = try db.insertPackage(PackageDraft(applicationID: application.id, version: "3.0.0", sha256: String(repeating: "a", count: 64),
                                                      size: 1, storagePath: "artifacts/test/find", createdBy: 1), now: now)
                let machine = try db.createMachine(MachineDraft(hostname: "find-1", groupID: search.id, environmentID: fixture.staging), now: now)
                _ = try db.setMachineState(id: machine.id, to: .active, now: now)
            }
            let dora = try await app.signIn("dora")
            let olga = try await app.signIn("olga")
            let watching = try EventStreamReader(port: app.port, path: "/releases/events", headers: dora.headers(csrf: false))
            let stranger = try EventStreamReader(port: app.port, path: "/releases/events", headers: olga.headers(csrf: false))
            defer { watching.stop(); stranger.stop() }
            try await watching.wait(for: "the first comment") { $0.contains(": connected") }
            try await stranger.wait(for: "the first comment") { $0.contains(": connected") }
            #expect(watching.text.hasPrefix("HTTP/1.1 200") && watching.text.contains("Content-Type: text/event-stream"))

            let web = try #require(try await app.deploy("1.0.0", to: "staging", as: dora).id)
            try await watching.wait(for: "release \(web)") { $0.contains(#"event: release\#ndata: {"#) && $0.contains(#""id":"\#(web)""#) }
            #expect(watching.text.contains(#""application":"web""#) && watching.text.contains(#""hosts":{"#))
            // olga's own release comes through her stream; dora's, started earlier, never did.
            let find = try #require(try await app.deploy("3.0.0", to: "staging", application: "find", as: olga).id)
            try await stranger.wait(for: "release \(find)") { $0.contains(#""id":"\#(find)""#) }
            #expect(!stranger.text.contains(#""id":"\#(web)""#) && !stranger.text.contains(#""application":"web""#))
        }
    }
}
