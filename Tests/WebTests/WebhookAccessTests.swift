import Core
import Foundation
import Prometheus
import Storage
import Testing
@testable import Web

/// Who may see and change a group's webhooks (owners), what the API and page refuse and show, and
/// that queued deliveries outlive the server.
@Suite(.serialized)
struct WebhookAccessTests {
    @Test("owners add, list and remove webhooks; a viewer of another group gets 404, a viewer of the group 403")
    func permissions() async throws {
        try await withRunningApp { app in
            let group = try await app.makeGroup("Payments")
            let other = try await app.makeGroup("Search")
            let owner = try await app.makeUser("owner", roles: [group: .owner])
            let outsider = try await app.makeUser("outsider", roles: [other: .owner])
            let viewer = try await app.makeUser("viewer", roles: [group: .viewer])
            let asOwner = ["Authorization": "Bearer \(try await app.makeToken(for: owner))"]
            let asOutsider = ["Authorization": "Bearer \(try await app.makeToken(for: outsider))"]
            let asViewer = ["Authorization": "Bearer \(try await app.makeToken(for: viewer))"]
            let base = "/api/v1/groups/\(group)/webhooks"

            let created = try await app.send("POST", base, json: ["url": "https://ci.example.com/hooks/capstan?key=k1"], headers: asOwner)
            #expect(created.status == 201)
            let id = try created.json()["id"] as? String ?? ""
            for headers in [asOutsider, asViewer] {
                let expected = headers == asOutsider ? 404 : 403
                #expect(try await app.get(base, headers: headers).status == expected)
                #expect(try await app.send("POST", base, json: ["url": "https://evil.example.com/"], headers: headers).status == expected)
                #expect(try await app.get("\(base)/\(id)/deliveries", headers: headers).status == expected)
                #expect(try await app.send("DELETE", "\(base)/\(id)", headers: headers).status == expected)
                #expect(try await app.get("/groups/\(group)/webhooks", headers: headers).status == expected, "the page answers as the API does")
            }
            #expect(try await app.get("/api/v1/groups/\(other)/webhooks/\(id)/deliveries", headers: asOutsider).status == 404,
                    "a webhook is found only under its own group")
            let list = try await app.get(base, headers: asOwner).json()["items"] as? [[String: Any]] ?? []
            #expect(list.map { $0["url"] as? String } == ["https://ci.example.com/hooks/capstan?key=k1"])
            #expect(try await app.send("DELETE", "\(base)/\(id)", headers: asOwner).status == 204)
            #expect(try await app.send("DELETE", "\(base)/\(id)", headers: asOwner).status == 404)
            let actions = try await app.auditRows().map(\.entry)
            let audited = try #require(actions.first { $0.action == "webhook.create" })
            #expect(audited.detail["host"] == "ci.example.com", "the audit names the host, not the URL's query")
            #expect(!audited.detail.values.contains { $0.canonicalText.contains("k1") })
            #expect(actions.contains { $0.action == "webhook.delete" })
        }
    }

    @Test(arguments: ["", "ftp://example.com/x", "example.com/hook", "http://", "https://exa mple.com/", "javascript:alert(1)"])
    func badURLRefused(_ url: String) async throws {
        try await withRunningApp { app in
            let group = try await app.makeGroup("Payments")
            let admin = try await app.adminTokenHeaders()
            let response = try await app.send("POST", "/api/v1/groups/\(group)/webhooks", json: ["url": url], headers: admin)
            #expect(response.status == 422)
            #expect(try response.errorObject()["field"] as? String == "url")
            #expect(try response.errorObject()["message"] as? String == "url must be an http or https URL such as https://ci.example.com/hooks/capstan")
        }
    }

    @Test("the page adds a webhook with its CSRF token, shows the secret once, lists deliveries, and puts a refused URL next to its field")
    func page() async throws {
        let receiver = try WebhookReceiver()
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 1)
            let group = releases.fixture.groupID
            let session = try await app.signIn(releases.fixture.admin.login)
            let withoutCSRF = try await app.postForm("/groups/\(group)/webhooks", ["url": receiver.url], headers: session.headers(csrf: false))
            #expect(withoutCSRF.status == 403)

            let refused = try await app.submit("/groups/\(group)/webhooks", ["url": "ftp://x"], as: session)
            #expect(refused.status == 422)
            #expect(refused.text.contains(#"<p class="field-error">url must be an http or https URL"#))
            #expect(refused.text.contains(#"value="ftp://x""#), "what was typed is kept")

            let added = try await app.submit("/groups/\(group)/webhooks", ["url": receiver.url], as: session)
            #expect(added.status == 201)
            let secret = try #require(added.text.firstMatch(of: /<code class="secret">(cwh_[^<]+)<\/code>/)?.1)
            _ = try await releases.start("1.0.0")
            await app.app.webhookSender.deliverDue()

            let page = try await app.open("/groups/\(group)/webhooks", as: session)
            #expect(page.status == 200)
            #expect(page.text.contains("<td>release.created</td>") && page.text.contains("<td>release.started</td>"))
            #expect(page.text.contains("<td>200</td>") && page.text.contains("<code>ok</code>"))
            #expect(!page.text.contains(secret), "the secret is shown only in the answer that created it")
            let groupPage = try await app.open("/groups/\(group)", as: session)
            #expect(groupPage.text.contains("/groups/\(group)/webhooks"))

            let list = try await app.get("/api/v1/groups/\(group)/webhooks", headers: releases.admin)
            let deliveries = try await app.get("/api/v1/groups/\(group)/webhooks/1/deliveries", headers: releases.admin)
            #expect(!list.text.contains(secret) && !deliveries.text.contains(secret))
            #expect(try await app.auditRows(limit: 100).allSatisfy { !$0.entry.detail.values.contains { $0.canonicalText.contains(secret) } })

            let id = try #require(page.text.firstMatch(of: /action="\/groups\/\d+\/webhooks\/(\d+)\/delete"/)?.1)
            let removed = try await app.submit("/groups/\(group)/webhooks/\(id)/delete", [:], as: session)
            #expect(removed.status == 303)
            #expect(try await app.open("/groups/\(group)/webhooks", as: session).text.contains("No webhooks."))
        }
        await receiver.stop()
    }

    @Test("deliveries queued when the server stops are sent by the next server on the same data")
    func survivesRestart() async throws {
        let receiver = try WebhookReceiver(answering: Array(repeating: 503, count: 100))
        let directory = try TemporaryDirectory()
        let configuration = RunningApp.makeConfiguration(in: directory)
        let queued = try await withRunningApp(configure: { configured, _ in configured = configuration }) { app -> Int in
            let releases = try await ReleaseFixture.make(in: app, agents: 1)
            _ = try await WebhooksTests.addWebhook(receiver.url, to: releases)
            _ = try await releases.start("1.0.0")
            await app.app.webhookSender.deliverDue()
            return try await app.store.read { db in try db.webhookDeliveries(webhookID: 1, limit: 10) }.filter { $0.state == .pending }.count
        }
        #expect(queued == 2, "created (tried once, answered 503) and started, both pending at shutdown")
        receiver.answer([])
        let clock = TestClock(Date(timeIntervalSince1970: 1_750_000_000 + 3600))
        let restarted = try await App.make(configuration: configuration, metrics: PrometheusCollectorRegistry(), access: .testing(clock))
        await restarted.webhookSender.deliverDue()
        let deliveries = try await restarted.store.read { db in try db.webhookDeliveries(webhookID: 1, limit: 10) }
        #expect(deliveries.map(\.state) == [.succeeded, .succeeded])
        #expect(receiver.deliveries.map { $0.headers["X-Capstan-Event"] } == ["release.created", "release.created", "release.started"])
        await receiver.stop()
    }
}
