import Crypto
import Foundation

/// One thing that happened, as recorded in the audit log: when, who, what, to what, and from where.
///
/// `actor` is text (a login, `agent:12`, `system`), not a user id, so the record outlives whoever
/// acted. `detail` is a JSON object; never put secrets (passwords, tokens) in it. Appending computes
/// `chainHash(previousHash:)`, which covers the previous row's hash, so changing or removing any row
/// breaks every hash after it.
public struct AuditEntry: Sendable, Codable, Equatable {
    /// The `previousHash` of the first row.
    public static let genesisHash = String(repeating: "0", count: 64)

    public var at: Date
    public var actor: String
    public var action: String
    public var targetType: String?
    public var targetID: String?
    public var detail: [String: JSONValue]
    public var remoteAddress: String?

    public init(
        at: Date, actor: String, action: String, targetType: String? = nil, targetID: String? = nil,
        detail: [String: JSONValue] = [:], remoteAddress: String? = nil
    ) {
        self.at = at
        self.actor = actor
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.detail = detail
        self.remoteAddress = remoteAddress
    }

    /// The exact bytes the chain hashes: a JSON array in fixed field order,
    /// `[previousHash, at (unix ms), actor, action, targetType, targetID, detail, remoteAddress]`,
    /// absent values as `null`, the detail with sorted keys (`JSONValue.canonicalText`).
    public func canonicalText(previousHash: String) -> String {
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        let fields: JSONValue = [
            .string(previousHash), .int(at.millisecondsSince1970), .string(actor), .string(action),
            optional(targetType), optional(targetID), .object(detail), optional(remoteAddress),
        ]
        return fields.canonicalText
    }

    /// Lowercase hex SHA-256 of `canonicalText(previousHash:)`.
    public func chainHash(previousHash: String) -> String {
        SHA256.hash(data: Array(canonicalText(previousHash: previousHash).utf8)).hexString
    }

    /// The detail as stored in the `audit.detail` column.
    public var detailText: String { JSONValue.object(detail).canonicalText }
}
