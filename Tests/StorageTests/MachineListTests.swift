import Core
import Foundation
import GRDB
import Testing
@testable import Storage

/// The machine list over 300 machines: groups root ⊃ child ⊃ grandchild, and other; two environments.
struct MachineListTests {
    let store: Store
    let now = Date(millisecondsSince1970: 1_700_000_000_000)
    let groups: [Int64]
    let environments: [Int64]
    let all: [Machine]

    init() throws {
        store = try .temporary()
        let now = now
        (groups, environments, all) = try store.write { db in
            let root = try db.createGroup(GroupDraft(name: "root")).id
            let child = try db.createGroup(GroupDraft(name: "child", parentID: root)).id
            let grandchild = try db.createGroup(GroupDraft(name: "grandchild", parentID: child)).id
            let other = try db.createGroup(GroupDraft(name: "other")).id
            let groups = [root, child, grandchild, other]
            let environments = try [db.createEnvironment(EnvironmentDraft(name: "test", rank: 1)).id,
                                    db.createEnvironment(EnvironmentDraft(name: "production", rank: 3)).id]
            var machines: [Machine] = []
            for i in 0..<300 {
                // Hostnames repeat (ties broken by id); a quarter were never seen.
                let draft = MachineDraft(
                    hostname: "web-\(i % 50)", address: "10.0.\(i / 250).\(i % 250)", datacenter: "dc\(i % 3)",
                    groupID: groups[i % 4], environmentID: environments[i % 2], labels: ["role": i % 5 == 0 ? "db" : "web"])
                var machine = try db.createMachine(draft, now: now.addingTimeInterval(Double(i % 7)))
                if i % 4 != 0 {
                    let seen = now.addingTimeInterval(-Double(i % 5) * 30)
                    try db.execute(sql: "UPDATE machine SET lastSeenAt = ? WHERE id = ?",
                                   arguments: [seen.millisecondsSince1970, machine.id])
                    machine.lastSeenAt = seen
                }
                if i % 6 == 0 { machine = try db.setMachineState(id: machine.id, to: .active, now: now) }
                machines.append(machine)
            }
            return (groups, environments, machines)
        }
    }

    /// Every page of `query`, followed by cursor.
    func pages(_ query: MachineQuery) throws -> [[Machine]] {
        var query = query
        var result: [[Machine]] = []
        while true {
            let page = try store.read { db in try db.machines(matching: query) }
            result.append(page.machines)
            guard let cursor = page.nextCursor else { return result }
            query.cursor = try MachineCursor(text: cursor.text)
        }
    }

    func ids(_ query: MachineQuery) throws -> Set<Int64> {
        Set(try pages(query).joined().map(\.id))
    }

    @Test("every sort pages through all machines exactly once, in order",
          arguments: MachineSort.Field.allCases, [false, true])
    func pagination(_ field: MachineSort.Field, _ descending: Bool) throws {
        let sort = MachineSort(field, descending: descending)
        let pages = try pages(MachineQuery(now: now, sort: sort, limit: 37))
        #expect(pages.count == 9 && pages.dropLast().allSatisfy { $0.count == 37 })
        let seen = pages.joined().map(\.id)
        let keys = { (machine: Machine) in MachineCursor(after: machine, sort: sort).key }
        let expected = all.sorted { a, b in
            let (ka, kb) = (keys(a), keys(b))
            let ascending = ka == kb ? a.id < b.id : Self.less(ka, kb)
            return descending ? !ascending : ascending
        }.map(\.id)
        #expect(seen == expected)
    }

    static func less(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): x < y
        case (.int(let x), .int(let y)): x < y
        default: false
        }
    }

    @Test("a group filter includes subgroups unless told not to, within the visible groups")
    func groupsAndSubgroups() throws {
        let inTree = Set(all.filter { groups[0...2].contains($0.groupID) }.map(\.id))
        #expect(try ids(MachineQuery(groupIDs: [groups[0]], now: now, limit: 500)) == inTree)
        #expect(try ids(MachineQuery(groupIDs: [groups[0]], includeSubgroups: false, now: now, limit: 500))
            == Set(all.filter { $0.groupID == groups[0] }.map(\.id)))
        #expect(try ids(MachineQuery(groupIDs: [groups[0]], visibleGroupIDs: [groups[2], groups[3]], now: now, limit: 500))
            == Set(all.filter { $0.groupID == groups[2] }.map(\.id)))
        #expect(try ids(MachineQuery(visibleGroupIDs: [], now: now)).isEmpty)
    }

    @Test("filters by environment, datacenter, state, label and text")
    func filters() throws {
        func check(_ query: MachineQuery, _ predicate: (Machine) -> Bool) throws {
            let expected = Set(all.filter(predicate).map(\.id))
            #expect(!expected.isEmpty)
            #expect(try ids(query) == expected)
        }
        try check(MachineQuery(environmentID: environments[1], now: now, limit: 500)) { $0.environmentID == environments[1] }
        try check(MachineQuery(datacenter: "dc0", state: .active, now: now, limit: 500)) {
            $0.datacenter == "dc0" && $0.state == .active
        }
        try check(MachineQuery(now: now, labelKey: "role", labelValue: "db", limit: 500)) { $0.labels["role"] == "db" }
        try check(MachineQuery(now: now, labelKey: "role", limit: 500)) { _ in true }
        try check(MachineQuery(now: now, text: "WEB-1", limit: 500)) { $0.hostname.hasPrefix("web-1") }
        try check(MachineQuery(now: now, text: "10.0.1.", limit: 500)) { $0.address.hasPrefix("10.0.1.") }
        #expect(try ids(MachineQuery(now: now, text: "%", limit: 500)).isEmpty)
        #expect(throws: AppError.self) { try ids(MachineQuery(now: now, labelKey: "Bad Key")) }
    }

    @Test("online means seen within the threshold; never-seen machines are offline")
    func onlineOffline() throws {
        let online = Set(all.filter { $0.isOnline(now: now, threshold: 60) }.map(\.id))
        #expect(!online.isEmpty && online.count < all.count)
        #expect(try ids(MachineQuery(isOnline: true, offlineAfter: 60, now: now, limit: 500)) == online)
        #expect(try ids(MachineQuery(isOnline: false, offlineAfter: 60, now: now, limit: 500))
            == Set(all.map(\.id)).subtracting(online))
    }

    @Test("a cursor from another sort order is refused")
    func cursorForOtherSort() throws {
        let page = try store.read { db in try db.machines(matching: MachineQuery(now: now, limit: 10)) }
        let query = MachineQuery(now: now, sort: MachineSort(.createdAt), cursor: page.nextCursor)
        #expect(throws: AppError(.invalid, "cursor belongs to another sort order", field: "cursor")) {
            try store.read { db in try db.machines(matching: query) }
        }
    }

    @Test("the common filtered page walks an index instead of scanning and sorting the table",
          arguments: MachineSort.Field.allCases)
    func usesIndex(_ field: MachineSort.Field) throws {
        let query = MachineQuery(groupIDs: [groups[0]], environmentID: environments[0], now: now, sort: MachineSort(field))
        let plan = try store.read { db in
            let (sql, arguments) = try #require(try db.machineListStatement(query))
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments)
                .map { $0["detail"] as String }.joined(separator: "\n")
        }
        #expect(plan.contains("INDEX"), "\(plan)")
        #expect(!plan.contains("SCAN machine\n") && plan != "SCAN machine", "\(plan)")
    }
}
