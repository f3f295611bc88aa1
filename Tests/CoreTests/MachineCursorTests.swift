import Foundation
import Testing
import Core

struct MachineCursorTests {
    let machine = Machine(id: 12, hostname: "web-01", groupID: 1, environmentID: 1,
                          lastSeenAt: Date(millisecondsSince1970: 5_000), createdAt: Date(millisecondsSince1970: 9))

    @Test("a cursor round-trips through its opaque text", arguments: MachineSort.Field.allCases)
    func roundTrip(_ field: MachineSort.Field) throws {
        let cursor = MachineCursor(after: machine, sort: MachineSort(field, descending: true))
        #expect(try MachineCursor(text: cursor.text) == cursor)
        #expect(!cursor.text.contains("=") && !cursor.text.contains("/") && !cursor.text.contains("+"))
    }

    @Test("the key is the row's sort value; never-seen sorts as 0")
    func keys() {
        #expect(MachineCursor(after: machine, sort: MachineSort(.hostname)).key == "web-01")
        #expect(MachineCursor(after: machine, sort: MachineSort(.lastSeenAt)).key == 5_000)
        var unseen = machine
        unseen.lastSeenAt = nil
        #expect(MachineCursor(after: unseen, sort: MachineSort(.lastSeenAt)).key == 0)
    }

    @Test("garbage cursors are rejected naming the field", arguments: ["", "!!!", "eyJ4IjoxfQ", "bm90IGpzb24"])
    func garbage(_ text: String) {
        #expect(throws: AppError(.invalid, "cursor is not one this server issued", field: "cursor")) {
            try MachineCursor(text: text)
        }
    }

    @Test("sorts parse with an optional leading minus")
    func sortParsing() throws {
        #expect(try MachineSort(parsing: "-lastSeenAt") == MachineSort(.lastSeenAt, descending: true))
        #expect(try MachineSort(parsing: "hostname") == MachineSort(.hostname))
        #expect(throws: AppError.self) { try MachineSort(parsing: "password") }
    }

    @Test("the limit is clamped to 1…500, 50 by default")
    func limits() {
        let now = Date()
        #expect(MachineQuery(now: now).limit == 50)
        #expect(MachineQuery(now: now, limit: 10_000).limit == 500)
        #expect(MachineQuery(now: now, limit: 0).limit == 1)
    }
}
