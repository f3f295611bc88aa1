import Core
import Foundation
import Storage
import Testing

struct FleetPagesTests {
    static let script = "<script>alert(1)</script>"

    @Test("user data is escaped on every page that shows it")
    func escapesUserData() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let machine = try await app.store.write { db in
                _ = try db.updateGroup(id: fleet.g.id, GroupDraft(name: "G", description: Self.script))
                var draft = MachineDraft(hostname: "evil-1", groupID: fleet.g.id, environmentID: fleet.environment.id)
                draft.labels = ["note": Self.script]
                return try db.createMachine(draft, now: Date())
            }
            let admin = fleet.user("admin")
            for path in ["/machines", "/machines/\(machine.id)", "/machines/\(machine.id)/edit", "/groups", "/machines?q=evil"] {
                let page = try await app.get(path, as: admin)
                #expect(page.status == 200, "\(path)")
                #expect(!page.text.contains(Self.script), "\(path) shows the script unescaped")
                #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path) does not show the value")
            }
        }
    }

    @Test("a refused add-machine form comes back with the message by the field and what was typed")
    func formKeepsInput() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let form = "_csrf=test-csrf&hostname=bad+host%21&datacenter=fra1&groupID=\(fleet.g.id)&environmentID=\(fleet.environment.id)&labels=tier%3Dweb"
            let page = try await app.send("POST", "/machines", as: fleet.user("owner"), form: form)
            #expect(page.status == 422)
            let html = page.text
            #expect(html.contains(#"value="bad host!""#) && html.contains(#"value="fra1""#) && html.contains("tier=web</textarea>"))
            let hostnameField = try #require(html.range(of: #"name="hostname""#))
            let message = try #require(html.range(of: #"<p class="field-error">hostname must be a hostname"#))
            let addressField = try #require(html.range(of: #"name="address""#))
            #expect(hostnameField.upperBound < message.lowerBound && message.upperBound < addressField.lowerBound)
            #expect(html.contains(#"<option value="\#(fleet.g.id)" selected>G</option>"#))
            #expect(html.contains(#"name="_csrf" value="csr_"#))
        }
    }

    @Test("adding and editing a machine through the forms redirects to its page")
    func formsWork() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let form = "_csrf=x&hostname=app-7&address=10.1.2.3&groupID=\(fleet.g.id)&environmentID=\(fleet.environment.id)&labels=role%3Dapp"
            let created = try await app.send("POST", "/machines", as: fleet.user("owner"), form: form)
            #expect(created.status == 303)
            let location = try #require(created.header("Location"))
            let page = try await app.get(location, as: fleet.user("viewer"))
            #expect(page.text.contains("<h1>app-7</h1>") && page.text.contains("role=app") && page.text.contains("created"))
            let edited = try await app.send("POST", location, as: fleet.user("owner"), form: form.replacingOccurrences(of: "app-7", with: "app-8") + "&state=disabled")
            #expect(edited.status == 303)
            let after = try await app.get(location, as: fleet.user("viewer")).text
            #expect(after.contains("<h1>app-8</h1>") && after.contains("<dd>disabled</dd>"))
        }
    }

    @Test("the list pages by cursor links and keeps the filters in them")
    func pagination() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            try await app.store.write { db in
                for index in 0..<60 {
                    _ = try db.createMachine(MachineDraft(hostname: "n-\(index)", datacenter: "fra1", groupID: fleet.g.id,
                                                          environmentID: fleet.environment.id), now: Date())
                }
            }
            let first = try await app.get("/machines?datacenter=fra1", as: fleet.user("viewer")).text
            #expect(first.components(separatedBy: #"<td><a href="/machines/"#).count - 1 == 50)
            let href = try #require(first.firstMatch(of: /href="(\/machines\?[^"]*cursor=[^"]*)" rel="next"/)?.1)
            #expect(href.contains("datacenter=fra1"))
            let second = try await app.get(String(href).replacingOccurrences(of: "&amp;", with: "&"), as: fleet.user("viewer")).text
            #expect(second.components(separatedBy: #"<td><a href="/machines/"#).count - 1 == 10)
            #expect(!second.contains(#"rel="next""#) && second.contains("First page"))
        }
    }

    @Test("the sortable column headers link to the list sorted by them, keep the filters, and say the order")
    func sortableHeaders() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            try await app.store.write { db in
                for (name, datacenter) in [("b-host", "fra1"), ("a-host", "ams1"), ("c-host", "fra1")] {
                    _ = try db.createMachine(MachineDraft(hostname: name, datacenter: datacenter, groupID: fleet.g.id,
                                                          environmentID: fleet.environment.id), now: Date())
                }
            }
            func hostnames(_ html: String) -> [String] {
                html.matches(of: /<td><a href="\/machines\/\d+">([^<]+)<\/a><\/td>/).map { String($0.1) }.filter { $0.hasSuffix("-host") }
            }
            let first = try await app.get("/machines?q=host", as: fleet.user("viewer")).text
            #expect(hostnames(first) == ["a-host", "b-host", "c-host"])
            #expect(first.contains(#"<th scope="col" aria-sort="ascending"><a href="/machines?q=host&amp;sort=-hostname">Hostname</a></th>"#))
            #expect(first.contains(#"<th scope="col" aria-sort="none"><a href="/machines?q=host&amp;sort=-lastSeenAt">Last seen</a></th>"#))
            let reversed = try await app.get("/machines?q=host&sort=-hostname", as: fleet.user("viewer")).text
            #expect(hostnames(reversed) == ["c-host", "b-host", "a-host"])
            #expect(reversed.contains(#"aria-sort="descending"><a href="/machines?q=host&amp;sort=hostname">Hostname</a>"#))
            let byDatacenter = try await app.get("/machines?q=host&sort=datacenter", as: fleet.user("viewer")).text
            #expect(hostnames(byDatacenter).first == "a-host" && byDatacenter.contains(#"aria-sort="ascending"><a href="/machines?q=host&amp;sort=-datacenter">Datacenter</a>"#))
        }
    }

    @Test("empty states say what to do next")
    func emptyStates() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let nobody = try await app.store.write { db in try db.createUser(UserDraft(login: "nobody"), passwordHash: nil, now: Date()).id }
            let none = try await app.get("/machines", as: nobody).text
            #expect(none.contains("No machines yet") && none.contains("Ask an owner"))
            let filtered = try await app.get("/machines?datacenter=nowhere", as: fleet.user("owner")).text
            #expect(filtered.contains("No machines match these filters") && filtered.contains(#"href="/machines""#))
            let bad = try await app.get("/machines?sort=uptime", as: fleet.user("owner"))
            #expect(bad.status == 422 && bad.text.contains("sort must be one of"))
        }
    }

    @Test("the groups page refuses to delete a group with machines, saying why")
    func groupDeleteConflict() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let page = try await app.send("POST", "/groups/\(fleet.h.id)/delete", as: fleet.user("admin"), form: "_csrf=x")
            #expect(page.status == 409 && page.text.contains("the group still holds 1 machines"))
            let created = try await app.send("POST", "/groups", as: fleet.user("admin"), form: "_csrf=x&name=G&parentID=&description=")
            #expect(created.status == 409 && created.text.contains("a group named G already exists"))
        }
    }

    @Test("the navigation links every fleet page")
    func navigation() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let html = try await app.get("/groups", as: fleet.user("viewer")).text
            for (label, path) in [("Machines", "/machines"), ("Environments", "/environments"), ("Audit", "/audit")] {
                #expect(html.contains(#"<a href="\#(path)">\#(label)</a>"#))
            }
            #expect(html.contains(#"<a href="/groups" aria-current="page">Groups</a>"#))
        }
    }
}
