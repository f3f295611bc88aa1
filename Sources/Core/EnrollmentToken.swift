import Foundation

/// Lets new hosts enroll their agent into one group and environment: a bounded number of uses and an
/// expiry, shown once, stored hashed.
///
/// Consumed atomically (`usesLeft` decremented in the same statement that checks it), so two agents
/// racing for the last use cannot both win.
public struct EnrollmentToken: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64
    public var groupID: Int64
    public var environmentID: Int64
    public var usesLeft: Int
    public var expiresAt: Date

    public init(id: Int64, groupID: Int64, environmentID: Int64, usesLeft: Int, expiresAt: Date) {
        self.id = id
        self.groupID = groupID
        self.environmentID = environmentID
        self.usesLeft = usesLeft
        self.expiresAt = expiresAt
    }

    public func isUsable(now: Date) -> Bool { usesLeft > 0 && expiresAt > now }
}

/// What a new enrollment token asks for.
public struct EnrollmentTokenDraft: Sendable, Codable, Equatable {
    public static let maxUses = 100_000

    public var groupID: Int64
    public var environmentID: Int64
    public var uses: Int
    public var expiresAt: Date

    public init(groupID: Int64, environmentID: Int64, uses: Int, expiresAt: Date) {
        self.groupID = groupID
        self.environmentID = environmentID
        self.uses = uses
        self.expiresAt = expiresAt
    }

    /// Throws `AppError(.invalid)` naming the first bad field.
    public func validate(now: Date) throws(AppError) {
        guard (1...Self.maxUses).contains(uses) else {
            throw AppError(.invalid, "uses must be between 1 and \(Self.maxUses)", field: "uses")
        }
        guard expiresAt > now else {
            throw AppError(.invalid, "expiresAt must be in the future", field: "expiresAt")
        }
    }
}
