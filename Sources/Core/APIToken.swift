import Foundation

/// A token a user creates for CI or the CLI, acting as that user but narrowed by its `scope`.
///
/// Shown once at creation; only its hash is stored. Revoked by deleting it. Every use is recorded in
/// `lastUsedAt`. Its power is recomputed on every request from the user's *current* roles, so a user
/// demoted after creating a token loses that power on the token too.
public struct APIToken: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64
    public var userID: Int64
    public var name: String
    public var scope: TokenScope
    public var expiresAt: Date?
    public var lastUsedAt: Date?
    public var createdAt: Date

    public init(
        id: Int64, userID: Int64, name: String, scope: TokenScope, expiresAt: Date?, lastUsedAt: Date? = nil,
        createdAt: Date
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.scope = scope
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.createdAt = createdAt
    }

    public func isExpired(now: Date) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt <= now
    }
}

/// What a new API token asks for: a name, a scope and an expiry.
public struct APITokenDraft: Sendable, Codable, Equatable {
    public var name: String
    public var scope: TokenScope
    public var expiresAt: Date?

    public init(name: String, scope: TokenScope, expiresAt: Date?) {
        self.name = name
        self.scope = scope
        self.expiresAt = expiresAt
    }

    /// Throws `AppError(.invalid)` naming the first bad field; `now` rules out an expiry in the past.
    /// Whether the user may hold this scope is `Principal.checkCanIssue(_:)`.
    public func validate(now: Date) throws(AppError) {
        try Validation.name(name)
        if case .groups(let ids) = scope.groups, ids.isEmpty {
            throw AppError(.invalid, "a token needs at least one group, or all groups", field: "groups")
        }
        if let expiresAt, expiresAt <= now {
            throw AppError(.invalid, "expiresAt must be in the future", field: "expiresAt")
        }
    }
}
