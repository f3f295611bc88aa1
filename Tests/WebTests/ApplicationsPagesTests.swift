import Core
import Foundation
import Storage
import Testing

/// `/applications` pages through a signed-in browser: list, create, show, edit, delete.
struct ApplicationsPagesTests {
    static func fields(group: Int64, name: String = "checkout") -> [String: String] {
        ["name": name, "groupID": String(group), "runAs": "app", "installRoot": "/srv", "startCommand": "./start <fast>",
         "stopCommand": "", "keepReleases": "5", "healthType": "tcp", "healthPort": "8080", "healthInterval": "10",
         "healthTimeout": "5", "healthRetries": "3", "batchSize": "1, 50%, 100%", "maxParallel": "4", "failureLimit": "10%",
         "pause": "afterFirst", "autoRollback": "1", "byDatacenter": "1", "bake": "600", "hostTimeout": "900"]
    }

    @Test("an owner creates an application through the form and sees it, escaped, on the list and its page")
    func createAndShow() async throws {
        try await withRunningApp { app in
            let group = try await app.makeGroup("payments")
            try await app.makeUser("olga", roles: [group: .owner])
            let session = try await app.signIn("olga")
            let empty = try await app.open("/applications", as: session)
            #expect(empty.status == 200 && empty.text.contains("No applications yet") && empty.text.contains(#"href="/applications""#))
            var fields = Self.fields(group: group)
            fields["installRoot"] = "/srv/a&b<c>"
            let created = try await app.submit("/applications", fields, as: session)
            #expect(created.status == 303 && created.header("Location") == "/applications/checkout", "\(created.text.prefix(300))")
            let application = try await app.store.read { db in try db.application(named: "checkout") }
            #expect(application.healthCheck == .tcp(port: 8080, timing: .init()))
            #expect(application.defaultStrategy == ReleaseStrategy(batchSizes: [.count(1), .percent(50), .percent(100)], maxParallel: 4,
                                                                   failureLimit: .percent(10), pause: .afterFirst, autoRollback: true,
                                                                   byDatacenter: true, bake: 600, hostTimeout: 900))
            let list = try await app.open("/applications", as: session).text
            #expect(list.contains(#"<a href="/applications/checkout">checkout</a>"#) && list.contains("/srv/a&amp;b&lt;c&gt;"))
            #expect(!list.contains("<c>") && list.contains("<td>payments</td>"))
            let page = try await app.open("/applications/checkout", as: session)
            #expect(page.status == 200)
            #expect(page.text.contains("./start &lt;fast&gt;") && !page.text.contains("<fast>"))
            #expect(page.text.contains("<h2>Versions</h2>") && page.text.contains("capstan push checkout"))
            #expect(page.text.contains("<dd>pauses end on their own after 10 min</dd>") && page.text.contains("<dt>Host timeout</dt><dd>15 min</dd>"))
            #expect(page.text.contains("<dd>yes: one datacenter at a time</dd>"))
            #expect(page.text.contains(#"href="/applications/checkout/edit""#))
            #expect(try await app.auditRows().first?.entry.action == "application.create")
        }
    }

    @Test("a refused form comes back with the message next to its field and what was typed", arguments: [
        ("installRoot", "/srv/../etc", 422, "installRoot must be normalized"),
        ("healthPort", "99999", 422, "healthCheck.port must be 1 to 65535"),
        ("batchSize", "1, 50%", 422, "steps must end at"),
        ("maxParallel", "many", 422, "maxParallel must be a whole number"),
        ("bake", "soon", 422, "bake must be a whole number"),
        ("bake", "0", 422, "defaultStrategy.bake must be 1 to 604800 seconds"),
        ("hostTimeout", "5", 422, "defaultStrategy.hostTimeout must be 10 to 86400 seconds"),
        ("name", "taken", 409, "an application named taken already exists"),
    ])
    func refused(field: String, value: String, status: Int, message: String) async throws {
        try await withRunningApp { app in
            let group = try await app.makeGroup("payments")
            try await app.makeUser("olga", roles: [group: .owner])
            try await app.store.write { db in
                _ = try db.createApplication(ApplicationDraft(name: "taken", groupID: group, runAs: "app", installRoot: "/srv"))
            }
            let session = try await app.signIn("olga")
            var fields = Self.fields(group: group, name: "fresh")
            fields[field] = value
            let page = try await app.submit("/applications", fields, as: session)
            #expect(page.status == status)
            let html = page.text
            let input = try #require(html.range(of: #"name="\#(field)" value="\#(value)""#))
            let error = try #require(html.range(of: #"<p class="field-error">[^<]*\#(NSRegularExpression.escapedPattern(for: message))"#,
                                                options: .regularExpression))
            #expect(input.upperBound < error.lowerBound)
            #expect(html.contains("./start &lt;fast&gt;</textarea>") && html.contains("<details open>"))
            #expect(try await app.store.read { db in try db.applications(inGroups: nil) }.applications.map(\.name) == ["taken"])
        }
    }

    @Test("the edit form shows the settings, saves changes, and shows errors in place")
    func edit() async throws {
        try await withRunningApp { app in
            let group = try await app.makeGroup("payments")
            try await app.makeUser("olga", roles: [group: .owner])
            let session = try await app.signIn("olga")
            _ = try await app.submit("/applications", Self.fields(group: group), as: session)
            let form = try await app.open("/applications/checkout/edit", as: session).text
            #expect(form.contains(#"name="healthPort" value="8080""#) && form.contains(#"name="batchSize" value="1, 50%, 100%""#))
            #expect(form.contains(#"<option value="tcp" selected>"#) && form.contains(#"name="autoRollback" value="1" checked"#))
            #expect(form.contains(#"name="byDatacenter" value="1" checked"#) && form.contains(#"name="bake" value="600""#))
            #expect(form.contains(#"name="hostTimeout" value="900""#))
            var fields = Self.fields(group: group, name: "checkout-api")
            fields["healthType"] = "none"
            fields["autoRollback"] = nil
            fields["byDatacenter"] = nil
            fields["bake"] = ""
            fields["hostTimeout"] = ""
            let saved = try await app.submit("/applications/checkout", fields, as: session)
            #expect(saved.status == 303 && saved.header("Location") == "/applications/checkout-api")
            let application = try await app.store.read { db in try db.application(named: "checkout-api") }
            #expect(application.healthCheck == nil && !application.defaultStrategy.autoRollback)
            #expect(!application.defaultStrategy.byDatacenter && application.defaultStrategy.bake == nil)
            #expect(application.defaultStrategy.hostTimeout == ReleaseStrategy().hostTimeout, "an empty host timeout is the default")
            fields["runAs"] = "Root"
            let refused = try await app.submit("/applications/checkout-api", fields, as: session)
            #expect(refused.status == 422 && refused.text.contains(#"name="runAs" value="Root""#))
            #expect(refused.text.contains(#"<p class="field-error">runAs must be an account name"#))
            #expect(try await app.auditRows().first?.entry.action == "application.update")
        }
    }

    @Test("delete asks first, then deletes; a running release keeps it, with the reason")
    func delete() async throws {
        try await withRunningApp { app in
            let group = try await app.makeGroup("payments")
            let olga = try await app.makeUser("olga", roles: [group: .owner])
            let environment = try await app.makeEnvironment("production", rank: 10)
            let session = try await app.signIn("olga")
            _ = try await app.submit("/applications", Self.fields(group: group), as: session)
            _ = try await app.submit("/applications", Self.fields(group: group, name: "busy"), as: session)
            let confirm = try await app.open("/applications/checkout/delete", as: session)
            #expect(confirm.status == 200 && confirm.text.contains(#"<form method="post" action="/applications/checkout/delete""#))
            #expect(confirm.text.contains(#"name="_csrf""#))
            let deleted = try await app.submit("/applications/checkout/delete", [:], as: session)
            #expect(deleted.status == 303 && deleted.header("Location") == "/applications")
            #expect(try await app.open("/applications/checkout", as: session).status == 404)
            #expect(try await app.auditRows().first?.entry.action == "application.delete")
            try await app.store.write { db in
                let busy = try db.application(named: "busy")
                try db.execute(sql: """
                    INSERT INTO package (applicationID, version, sha256, size, storagePath, createdBy, createdAt)
                    VALUES (?, '1.0.0', ?, 1, 'packages/busy/1.0.0', ?, 0)
                    """, arguments: [busy.id, String(repeating: "a", count: 64), olga.id])
                try db.execute(sql: """
                    INSERT INTO release (applicationID, packageID, environmentID, strategy, state, requestedBy, createdAt)
                    VALUES (?, ?, ?, '{}', 'running', ?, 0)
                    """, arguments: [busy.id, db.lastInsertedRowID, environment, olga.id])
            }
            let refused = try await app.submit("/applications/busy/delete", [:], as: session)
            #expect(refused.status == 409 && refused.text.contains("has a release in progress"))
            #expect(try await app.open("/applications/busy", as: session).status == 200)
        }
    }

    @Test("viewers see pages without edit links; edit and delete answer 403; other groups' applications 404")
    func permissions() async throws {
        try await withRunningApp { app in
            let group = try await app.makeGroup("payments")
            let other = try await app.makeGroup("search")
            try await app.makeUser("vera", roles: [group: .viewer])
            try await app.store.write { db in
                _ = try db.createApplication(ApplicationDraft(name: "web", groupID: group, runAs: "app", installRoot: "/srv"))
                _ = try db.createApplication(ApplicationDraft(name: "secret-app", groupID: other, runAs: "app", installRoot: "/srv"))
            }
            let session = try await app.signIn("vera")
            let list = try await app.open("/applications", as: session).text
            #expect(list.contains(">web</a>") && !list.contains("secret-app") && !list.contains("New application"))
            let page = try await app.open("/applications/web", as: session)
            #expect(page.status == 200 && !page.text.contains("/applications/web/edit") && !page.text.contains("/applications/web/delete"))
            #expect(try await app.open("/applications/web/edit", as: session).status == 403)
            #expect(try await app.open("/applications/web/delete", as: session).status == 403)
            #expect(try await app.submit("/applications/web/delete", [:], as: session).status == 403)
            #expect(try await app.open("/applications/secret-app", as: session).status == 404)
            #expect(try await app.open("/applications/secret-app/edit", as: session).status == 404)
        }
    }
}
