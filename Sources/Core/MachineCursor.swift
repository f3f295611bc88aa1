import Foundation

/// Where a machine-list page ends: the last row's sort key and id, for keyset pagination.
///
/// Opaque to clients (`text` is unpadded base64url of a small JSON object); it names its sort, so a
/// cursor cannot be replayed against a different order. A never-seen machine's `lastSeenAt` key is 0.
public struct MachineCursor: Sendable, Equatable, Hashable {
    public var sort: MachineSort
    /// The last row's sort value: a string (hostname, datacenter) or unix milliseconds.
    public var key: JSONValue
    public var id: Int64

    public init(sort: MachineSort, key: JSONValue, id: Int64) {
        self.sort = sort
        self.key = key
        self.id = id
    }

    /// The cursor that continues after `machine` in `sort` order.
    public init(after machine: Machine, sort: MachineSort) {
        let key: JSONValue = switch sort.field {
        case .hostname: .string(machine.hostname)
        case .datacenter: .string(machine.datacenter)
        case .lastSeenAt: .int(machine.lastSeenAt?.millisecondsSince1970 ?? 0)
        case .createdAt: .int(machine.createdAt.millisecondsSince1970)
        }
        self.init(sort: sort, key: key, id: machine.id)
    }

    /// The opaque form handed to clients.
    public var text: String {
        let object: JSONValue = [
            "f": .string(sort.field.rawValue), "d": .bool(sort.isDescending), "k": key, "i": .int(id),
        ]
        return Data(object.canonicalText.utf8).base64URLEncoded
    }

    /// Reads a cursor a client sent back; `AppError(.invalid, field: "cursor")` when it is not one of ours.
    public init(text: String) throws(AppError) {
        let invalid = AppError(.invalid, "cursor is not one this server issued", field: "cursor")
        guard text.utf8.count <= 2048, let data = Data(base64URLEncoded: text),
              let wire = try? JSONDecoder().decode(Wire.self, from: data),
              let field = MachineSort.Field(rawValue: wire.f)
        else { throw invalid }
        switch wire.k {
        case .string, .int: break
        default: throw invalid
        }
        self.init(sort: MachineSort(field, descending: wire.d), key: wire.k, id: wire.i)
    }

    private struct Wire: Decodable {
        var f: String
        var d: Bool
        var k: JSONValue
        var i: Int64
    }
}
