/// The first row where the audit chain does not hold, as `verifyAuditChain()` reports it.
public struct AuditChainBreak: Sendable, Equatable, CustomStringConvertible {
    /// Why the row does not match.
    public enum Reason: String, Sendable, Equatable {
        /// The row's content does not hash to its stored hash: it was changed.
        case hashMismatch
        /// The row's previousHash is not the hash of the row before it: a row was removed or inserted.
        case brokenLink
        /// The stored detail is not valid JSON.
        case unreadable
    }

    public var id: Int64
    public var reason: Reason

    public init(id: Int64, reason: Reason) {
        self.id = id
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .hashMismatch: "audit row \(id) does not match its hash: it was changed after it was written"
        case .brokenLink: "audit row \(id) does not follow the row before it: a row was removed or inserted"
        case .unreadable: "audit row \(id) has an unreadable detail"
        }
    }
}
