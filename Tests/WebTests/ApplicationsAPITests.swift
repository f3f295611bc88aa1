import Core
import Foundation
import Storage
import Testing

/// `/api/v1/applications`, against the fleet fixture's roles on an application in group G.
struct ApplicationsAPITests {
    static let body = #"{"name":"checkout","groupID":"GROUP","runAs":"app","installRoot":"/srv","startCommand":"./start","healthCheck":{"type":"http","url":"http://127.0.0.1:8080/healthz"},"defaultStrategy":{"batchSize":[1,"50%","100%"],"pause":"afterFirst"}}"#

    static func body(group: Int64, name: String = "checkout") -> String {
        body.replacingOccurrences(of: "GROUP", with: String(group)).replacingOccurrences(of: #""checkout""#, with: #""\#(name)""#)
    }

    /// The fleet fixture plus `web` in G and `db` in H.
    static func seed(_ app: FleetApp) throws -> FleetFixture {
        let fleet = try FleetFixture.make(in: app.store)
        try app.store.write { db in
            _ = try db.createApplication(ApplicationDraft(name: "web", groupID: fleet.g.id, runAs: "app", installRoot: "/srv"))
            _ = try db.createApplication(ApplicationDraft(name: "db", groupID: fleet.h.id, runAs: "app", installRoot: "/srv"))
        }
        return fleet
    }

    @Test("each role gets the expected status; a hidden group's application is 404 like a missing one",
          arguments: FleetFixture.roles)
    func permissions(role: String) async throws {
        try await withFleetApp { app in
            let fleet = try Self.seed(app)
            let user = fleet.user(role)
            let column = FleetFixture.roles.firstIndex(of: role)!
            let checks: [(String, String, String?, [Int])] = [
                ("GET", "/api/v1/applications/web", nil, [200, 200, 200, 200, 200, 404]),
                ("GET", "/api/v1/applications/nothing", nil, [404, 404, 404, 404, 404, 404]),
                ("POST", "/api/v1/applications", Self.body(group: fleet.g.id, name: "new-\(role)"), [201, 403, 201, 403, 403, 404]),
                ("PATCH", "/api/v1/applications/web", #"{"keepReleases":7}"#, [200, 403, 200, 403, 403, 404]),
                ("DELETE", "/api/v1/applications/web", nil, [204, 403, 204, 403, 403, 404]),
            ]
            for (method, path, json, expected) in checks {
                let response = try await app.send(method, path, as: user, json: json)
                #expect(response.status == expected[column], "\(role): \(method) \(path) → \(response.status) \(response.text.prefix(200))")
            }
            let hidden = try await app.get("/api/v1/applications/db", as: user)
            let missing = try await app.get("/api/v1/applications/dc", as: user)
            if role != "admin" && role != "auditor" && role != "outsider" {
                #expect(hidden.status == 404 && missing.status == 404)
                #expect(try hidden.errorObject()["message"] as? String == "no application named db")
            }
        }
    }

    @Test("the list shows only visible applications, by name, paged by cursor")
    func list() async throws {
        try await withFleetApp { app in
            let fleet = try Self.seed(app)
            let names = { (json: [String: Any]) in (json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }
            #expect(names(try await app.get("/api/v1/applications", as: fleet.user("viewer")).json()) == ["web"])
            #expect(names(try await app.get("/api/v1/applications", as: fleet.user("outsider")).json()) == ["db"])
            let first = try await app.get("/api/v1/applications?limit=1", as: fleet.user("admin")).json()
            #expect(names(first) == ["db"] && first["nextCursor"] as? String == "db")
            let second = try await app.get("/api/v1/applications?limit=1&cursor=db", as: fleet.user("admin"))
            #expect(names(try second.json()) == ["web"] && second.text.contains(#""nextCursor":null"#))
            #expect(try await app.get("/api/v1/applications?limit=0", as: fleet.user("admin")).status == 422)
            // A token limited to H sees only H's applications, and G's as missing.
            let scoped = try await app.get("/api/v1/applications", as: fleet.user("admin"), scope: "group:\(fleet.h.id)")
            #expect(names(try scoped.json()) == ["db"])
            #expect(try await app.get("/api/v1/applications/web", as: fleet.user("admin"), scope: "group:\(fleet.h.id)").status == 404)
        }
    }

    @Test("the JSON shape: ids as strings, health check with its type, strategy with steps; PATCH changes only what it carries")
    func shapeAndPatch() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let owner = fleet.user("owner")
            let created = try await app.send("POST", "/api/v1/applications", as: owner, json: Self.body(group: fleet.g.id))
            #expect(created.status == 201, "\(created.text)")
            let json = try created.json()
            #expect(json["id"] is String && json["groupID"] as? String == String(fleet.g.id) && json["keepReleases"] as? Int == 5)
            let check = try #require(json["healthCheck"] as? [String: Any])
            #expect(check["type"] as? String == "http" && check["expectedStatus"] as? Int == 200 && check["retries"] as? Int == 3)
            let strategy = try #require(json["defaultStrategy"] as? [String: Any])
            #expect(strategy["batchSize"] as? [AnyHashable] == [1, "50%", "100%"] && strategy["pause"] as? String == "afterFirst")
            let patched = try await app.send("PATCH", "/api/v1/applications/checkout", as: owner,
                                             json: #"{"healthCheck":null,"name":"checkout2","stopCommand":"./stop"}"#)
            #expect(patched.status == 200, "\(patched.text)")
            #expect(patched.text.contains(#""healthCheck":null"#))
            let after = try await app.get("/api/v1/applications/checkout2", as: owner).json()
            #expect(after["startCommand"] as? String == "./start" && after["stopCommand"] as? String == "./stop")
            #expect((after["defaultStrategy"] as? [String: Any])?["pause"] as? String == "afterFirst")
            #expect(try await app.get("/api/v1/applications/checkout", as: owner).status == 404)
        }
    }

    @Test("a taken name is 409 on the name field")
    func duplicate() async throws {
        try await withFleetApp { app in
            let fleet = try Self.seed(app)
            let response = try await app.send("POST", "/api/v1/applications", as: fleet.user("admin"), json: Self.body(group: fleet.g.id, name: "db"))
            #expect(response.status == 409)
            let error = try response.errorObject()
            #expect(error["field"] as? String == "name" && error["message"] as? String == "an application named db already exists")
            let rename = try await app.send("PATCH", "/api/v1/applications/web", as: fleet.user("admin"), json: #"{"name":"db"}"#)
            #expect(rename.status == 409)
        }
    }

    @Test("bad fields are 422 naming the field (an unknown group 404, as for machines)", arguments: [
        (#""name":"Bad Name""#, "name"), (#""runAs":"9lives""#, "runAs"), (#""installRoot":"/srv/../etc""#, "installRoot"),
        (#""installRoot":"/""#, "installRoot"), (#""keepReleases":0"#, "keepReleases"), (#""keepReleases":"five""#, "keepReleases"),
        (#""startCommand":"a\u0000b""#, "startCommand"), (#""groupID":"999""#, "groupID"),
        (#""healthCheck":{"type":"http","url":"gopher://x"}"#, "healthCheck.url"),
        (#""healthCheck":{"type":"tcp","port":70000}"#, "healthCheck.port"),
        (#""healthCheck":{"type":"tcp","port":80,"timeout":0}"#, "healthCheck.timeout"),
        (#""healthCheck":{"type":"smoke"}"#, "healthCheck.type"),
        (#""defaultStrategy":{"maxParallel":0}"#, "defaultStrategy.maxParallel"),
        (#""defaultStrategy":{"batchSize":"lots"}"#, "defaultStrategy.batchSize"),
        (#""defaultStrategy":{"failureLimit":"150%"}"#, "defaultStrategy.failureLimit"),
        (#""defaultStrategy":{"pause":"never"}"#, "defaultStrategy.pause"),
    ])
    func badFields(_ override: String, _ field: String) async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let base = [("name", #""ok""#), ("groupID", #""\#(fleet.g.id)""#), ("runAs", #""app""#), ("installRoot", #""/srv""#)]
            let kept = base.filter { !override.hasPrefix(#""\#($0.0)""#) }.map { #""\#($0.0)":\#($0.1)"# }
            let json = "{" + (kept + [override]).joined(separator: ",") + "}"
            let response = try await app.send("POST", "/api/v1/applications", as: fleet.user("admin"), json: json)
            #expect(response.status == (field == "groupID" ? 404 : 422), "\(response.text)")
            #expect(try response.errorObject()["field"] as? String == field, "\(response.text)")
            let missing = try await app.send("POST", "/api/v1/applications", as: fleet.user("admin"), json: #"{"name":"ok"}"#)
            #expect(try missing.status == 422 && missing.errorObject()["field"] as? String == "groupID")
            #expect(try await app.send("POST", "/api/v1/applications", as: fleet.user("admin"), json: "{").status == 400)
        }
    }

    @Test("delete is refused with 409 while a release is unfinished, and while packages remain")
    func deleteRefused() async throws {
        try await withFleetApp { app in
            let fleet = try Self.seed(app)
            let admin = fleet.user("admin")
            let release = try await app.store.write { db in
                let application = try db.application(named: "web")
                try db.execute(sql: """
                    INSERT INTO package (applicationID, version, sha256, size, storagePath, createdBy, createdAt)
                    VALUES (?, '1.0.0', ?, 1, 'packages/web/1.0.0', ?, 0)
                    """, arguments: [application.id, String(repeating: "a", count: 64), admin])
                try db.execute(sql: """
                    INSERT INTO release (applicationID, packageID, environmentID, strategy, state, requestedBy, createdAt)
                    VALUES (?, ?, ?, '{}', 'running', ?, 0)
                    """, arguments: [application.id, db.lastInsertedRowID, fleet.environment.id, admin])
                return db.lastInsertedRowID
            }
            let running = try await app.send("DELETE", "/api/v1/applications/web", as: admin)
            #expect(running.status == 409)
            #expect(try running.errorObject()["message"] as? String == "application web has a release in progress; wait for it to finish or abort it")
            try await app.store.write { db in try db.execute(sql: "UPDATE release SET finishedAt = 1 WHERE id = ?", arguments: [release]) }
            let history = try await app.send("DELETE", "/api/v1/applications/web", as: admin)
            #expect(history.status == 409)
            #expect(try history.errorObject()["message"] as? String == "application web has packages or releases, which are kept for history")
            #expect(try await app.get("/api/v1/applications/web", as: admin).status == 200)
        }
    }

    @Test("every change writes an audit row; a refused one writes none")
    func audit() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let owner = fleet.user("owner")
            let id = try await app.send("POST", "/api/v1/applications", as: owner, json: Self.body(group: fleet.g.id)).json()["id"] as? String
            _ = try await app.send("PATCH", "/api/v1/applications/checkout", as: owner, json: #"{"keepReleases":9,"runAs":"svc"}"#)
            _ = try await app.send("PATCH", "/api/v1/applications/checkout", as: owner, json: #"{"keepReleases":0}"#)
            #expect(try await app.send("DELETE", "/api/v1/applications/checkout", as: owner).status == 204)
            let rows = try await app.store.read { db in try db.auditRecords(matching: AuditQuery(targetType: "application", limit: 10)) }
            #expect(rows.map(\.entry.action) == ["application.delete", "application.update", "application.create"])
            #expect(rows.allSatisfy { $0.entry.targetID == id && $0.entry.actor == "owner" })
            #expect(rows[1].entry.detail["changed"] == .array([.string("runAs"), .string("keepReleases")]))
        }
    }
}
