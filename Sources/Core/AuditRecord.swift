/// An audit entry as stored: its row id and its place in the hash chain.
public struct AuditRecord: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64
    public var entry: AuditEntry
    public var previousHash: String
    public var hash: String

    public init(id: Int64, entry: AuditEntry, previousHash: String, hash: String) {
        self.id = id
        self.entry = entry
        self.previousHash = previousHash
        self.hash = hash
    }
}
