import Core
import Foundation
import Storage
import Testing

struct MachinesAPITests {
    /// 300 machines over two groups, three datacenters and two states; every third seen: those under
    /// index 90 within the last 9 s (index / 10 s ago, so the online ones keep index order with room
    /// for a slow run, since the fleet routes read the wall clock), the rest 1,000 s ago and more.
    private static func seed(_ app: FleetApp) throws -> FleetFixture {
        let fleet = try FleetFixture.make(in: app.store)
        let now = Date()
        try app.store.write { db in
            for index in 0..<300 {
                let draft = MachineDraft(hostname: String(format: "host-%03d", index), datacenter: ["fra1", "ams1", "lon1"][index % 3],
                                         groupID: index % 2 == 0 ? fleet.g.id : fleet.g1.id, environmentID: fleet.environment.id,
                                         labels: ["tier": index % 4 == 0 ? "web" : "db"])
                let machine = try db.createMachine(draft, now: now)
                if index % 5 == 0 { _ = try db.setMachineState(id: machine.id, to: .active, now: now) }
                if index % 3 == 0 {
                    try db.execute(sql: "UPDATE machine SET lastSeenAt = ? WHERE id = ?",
                                   arguments: [now.addingTimeInterval(index < 90 ? -Double(index) / 10 : -1000 - Double(index)).millisecondsSince1970,
                                               machine.id])
                }
            }
        }
        return fleet
    }

    /// Follows `nextCursor` to the end; the hostnames in order.
    private static func walk(_ app: FleetApp, _ target: String, as user: Int64) async throws -> [String] {
        var hostnames: [String] = []
        var cursor: String? = nil
        repeat {
            let separator = target.contains("?") ? "&" : "?"
            let page = try await app.get(target + (cursor.map { "\(separator)cursor=\($0)" } ?? ""), as: user)
            #expect(page.status == 200, "\(page.text.prefix(200))")
            let json = try page.json()
            hostnames += (json["items"] as? [[String: Any]] ?? []).compactMap { $0["hostname"] as? String }
            cursor = json["nextCursor"] as? String
        } while cursor != nil
        return hostnames
    }

    @Test("paging by cursor sees every machine once, in order")
    func cursorWalk() async throws {
        try await withFleetApp { app in
            let fleet = try Self.seed(app)
            let hostnames = try await Self.walk(app, "/api/v1/machines?limit=37&group=\(fleet.g.id)&subgroups=true", as: fleet.user("viewer"))
            #expect(hostnames.count == 301)  // 300 seeded + web-1
            #expect(Set(hostnames).count == hostnames.count)
            #expect(hostnames == hostnames.sorted())
        }
    }

    @Test("filters combine, and -lastSeenAt sorts the most recently seen first")
    func filtersAndSort() async throws {
        try await withFleetApp { app in
            let fleet = try Self.seed(app)
            let admin = fleet.user("admin")
            let online = try await Self.walk(app, "/api/v1/machines?online=true&sort=-lastSeenAt&limit=20", as: admin)
            // Online means seen within Liveness.offlineAfter (90 s): every third machine under index 90.
            #expect(online.count == 30)
            #expect(online.first == "host-000" && online.last == "host-087")
            let offline = try await Self.walk(app, "/api/v1/machines?online=false&limit=500", as: admin)
            #expect(offline.count == 302 - 30)  // with web-1 and db-1
            let fra = try await Self.walk(app, "/api/v1/machines?datacenter=fra1&state=active&label=tier%3Dweb", as: admin)
            // index % 3 == 0, % 5 == 0, % 4 == 0: multiples of 60.
            #expect(fra == ["host-000", "host-060", "host-120", "host-180", "host-240"])
            let onlyG = try await Self.walk(app, "/api/v1/machines?group=\(fleet.g.id)&q=host-00", as: admin)
            #expect(onlyG == ["host-000", "host-002", "host-004", "host-006", "host-008"])
        }
    }

    @Test("bad sort, cursor, limit and state answer 422 naming the parameter", arguments: [
        ("sort=uptime", "sort"), ("cursor=bogus", "cursor"), ("limit=0", "limit"), ("state=broken", "state"),
        ("online=maybe", "online"), ("group=abc", "group"),
    ])
    func badParameters(_ query: String, _ field: String) async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let response = try await app.get("/api/v1/machines?\(query)", as: fleet.user("admin"))
            #expect(response.status == 422)
            let error = try response.errorObject()
            #expect(error["field"] as? String == field)
            #expect((error["message"] as? String)?.contains(field) == true)
        }
    }

    @Test("a cursor from one sort order is refused for another")
    func cursorOfAnotherSort() async throws {
        try await withFleetApp { app in
            let fleet = try Self.seed(app)
            let first = try await app.get("/api/v1/machines?limit=5", as: fleet.user("admin")).json()
            let cursor = try #require(first["nextCursor"] as? String)
            let response = try await app.get("/api/v1/machines?sort=-lastSeenAt&cursor=\(cursor)", as: fleet.user("admin"))
            #expect(response.status == 422)
            #expect(try response.errorObject()["field"] as? String == "cursor")
        }
    }

    @Test("the JSON shape: ids as strings, RFC 3339 times, null lastSeenAt, explicit null cursor")
    func shape() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let body = #"{"hostname":"api-1","address":"10.0.0.9","groupID":"\#(fleet.g.id)","environmentID":\#(fleet.environment.id),"labels":{"role":"api"}}"#
            let created = try await app.send("POST", "/api/v1/machines", as: fleet.user("owner"), json: body)
            #expect(created.status == 201)
            let machine = try created.json()
            #expect(machine["id"] is String && machine["groupID"] as? String == String(fleet.g.id))
            #expect(machine["lastSeenAt"] is NSNull && machine["isOnline"] as? Bool == false)
            #expect((machine["createdAt"] as? String).flatMap { try? Date($0, strategy: .iso8601) } != nil)
            #expect((machine["labels"] as? [String: String]) == ["role": "api"])
            let list = try await app.get("/api/v1/machines", as: fleet.user("owner"))
            #expect(list.text.contains(#""nextCursor":null"#))
        }
    }

    @Test("input errors: 400 for malformed JSON, 422 with field for bad values, 404 for unknown ids")
    func inputErrors() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let admin = fleet.user("admin")
            let malformed = try await app.send("POST", "/api/v1/machines", as: admin, json: #"{"hostname": "#)
            #expect(malformed.status == 400)
            #expect((try malformed.errorObject()["message"] as? String)?.hasPrefix("malformed JSON") == true)
            let wrongType = try await app.send("POST", "/api/v1/machines", as: admin, json: #"{"hostname": 5}"#)
            #expect(wrongType.status == 422)
            #expect(try wrongType.errorObject()["field"] as? String == "hostname")
            let badHost = try await app.send("POST", "/api/v1/machines", as: admin,
                                             json: #"{"hostname":"bad host!","groupID":"\#(fleet.g.id)","environmentID":"\#(fleet.environment.id)"}"#)
            #expect(badHost.status == 422)
            #expect(try badHost.errorObject()["field"] as? String == "hostname")
            let missing = try await app.send("POST", "/api/v1/machines", as: admin, json: #"{"hostname":"ok-1"}"#)
            #expect(missing.status == 422)
            #expect(try missing.errorObject()["field"] as? String == "groupID")
            #expect(try await app.get("/api/v1/machines/424242", as: admin).status == 404)
            #expect(try await app.get("/api/v1/machines/abc", as: admin).status == 404)
        }
    }

    @Test("disabling via state and moving record history")
    func history() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let path = "/api/v1/machines/\(fleet.machineInG.id)"
            let patched = try await app.send("PATCH", path, as: fleet.user("owner"), json: #"{"state":"disabled","groupID":"\#(fleet.g1.id)"}"#)
            #expect(patched.status == 200)
            #expect(try patched.json()["state"] as? String == "disabled")
            let events = try await app.get(path + "/events", as: fleet.user("viewer")).json()["items"] as? [[String: Any]]
            #expect(Set(events?.compactMap { $0["kind"] as? String } ?? []) == ["created", "moved", "stateChanged"])
        }
    }
}
