import Core
import Foundation
import Storage
import Testing

/// The totals above the machine list (`/api/v1/machines/counts` and the page), and the page's row cap.
struct MachineCountsTests {
    /// 30 machines in G (10 seen just now, 2 of those in fra1) and the fixture's one in H.
    static func seed(_ app: FleetApp) async throws -> FleetFixture {
        let fleet = try FleetFixture.make(in: app.store)
        let now = Date()
        try await app.store.write { db in
            for index in 0..<29 {
                let draft = MachineDraft(hostname: "m-\(index)", datacenter: index < 2 ? "fra1" : "ams1", groupID: fleet.g.id,
                                         environmentID: fleet.environment.id)
                let machine = try db.createMachine(draft, now: now)
                if index < 10 { try db.execute(sql: "UPDATE machine SET lastSeenAt = ? WHERE id = ?", arguments: [now.millisecondsSince1970, machine.id]) }
            }
        }
        return fleet
    }

    @Test("the API counts what the filters match, within what the caller can see")
    func api() async throws {
        try await withFleetApp { app in
            let fleet = try await Self.seed(app)
            let cases: [(String, String, [String: Int])] = [
                ("admin", "", ["total": 31, "online": 10, "offline": 21]),
                ("viewer", "", ["total": 30, "online": 10, "offline": 20]),
                ("viewer", "?online=true", ["total": 10, "online": 10, "offline": 0]),
                ("admin", "?datacenter=fra1&sort=-lastSeenAt&limit=1", ["total": 2, "online": 2, "offline": 0]),
                ("outsider", "", ["total": 1, "online": 0, "offline": 1]),
            ]
            for (role, query, expected) in cases {
                let response = try await app.get("/api/v1/machines/counts" + query, as: fleet.user(role))
                #expect(try response.json() as? [String: Int] == expected, "\(role) \(query)")
                #expect(response.header("Server-Timing")?.hasPrefix("app;dur=") == true)
            }
            #expect(try await app.get("/api/v1/machines/counts?online=maybe", as: fleet.user("admin")).status == 422)
        }
    }

    @Test("the page shows the totals of its filter and never more than one page of rows")
    func page() async throws {
        try await withFleetApp { app in
            let fleet = try await Self.seed(app)
            try await app.store.write { db in
                for index in 0..<100 {
                    _ = try db.createMachine(MachineDraft(hostname: "bulk-\(index)", datacenter: "ams1", groupID: fleet.h.id,
                                                          environmentID: fleet.environment.id), now: Date())
                }
            }
            let filtered = try await app.get("/machines?datacenter=fra1", as: fleet.user("viewer")).text
            #expect(filtered.contains(#"<strong>2</strong> machines · <span class="online">2 online</span> · <span class="offline">0 offline</span>"#))
            let all = try await app.get("/machines?limit=500", as: fleet.user("admin"))
            #expect(all.text.contains("<strong>131</strong> machines"))
            #expect(all.text.components(separatedBy: #"<td><a href="/machines/"#).count - 1 == 100)
            #expect(all.text.contains(#"rel="next""#) && all.header("Server-Timing") != nil)
        }
    }
}
