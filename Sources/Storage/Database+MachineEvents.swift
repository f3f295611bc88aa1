import Core
import Foundation
import GRDB

extension MachineEvent {
    init(row: Row) throws {
        self.init(id: row["id"], machineID: row["machineID"], at: row.date("at"),
                  kind: MachineEvent.Kind(rawValue: row["kind"])!, detail: try row.json("detail"))
    }
}

extension Database {
    /// Appends to a machine's history.
    public func recordMachineEvent(
        _ machineID: Int64, _ kind: MachineEvent.Kind, at: Date, detail: [String: JSONValue] = [:]
    ) throws {
        try prepared("INSERT INTO machineEvent (machineID, at, kind, detail) VALUES (?, ?, ?, ?)").execute(arguments: [machineID, at.millisecondsSince1970, kind.rawValue, JSONValue.object(detail).canonicalText])
    }

    /// A machine's history, newest first.
    public func machineEvents(machineID: Int64, limit: Int = 100) throws -> [MachineEvent] {
        try requireRow(in: "machine", id: machineID, noun: "machine")
        return try Row.fetchAll(prepared("SELECT * FROM machineEvent WHERE machineID = ? ORDER BY at DESC, id DESC LIMIT ?"),
            arguments: [machineID, limit]
        ).map(MachineEvent.init(row:))
    }
}
