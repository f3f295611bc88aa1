import Foundation

/// A person (or a CI account) who signs in or holds API tokens.
///
/// Global powers are the two flags: `isAdmin` can do everything; `isAuditor` reads everything and
/// exports, but changes nothing. Everything else comes from memberships. A disabled user has no
/// rights at all and cannot sign in. The password hash is deliberately not a property, so encoding
/// a `User` can never leak it.
public struct User: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64
    /// Lowercase `[a-z0-9._-]{1,64}`; unique regardless of case.
    public var login: String
    public var name: String
    public var isAdmin: Bool
    public var isAuditor: Bool
    public var disabledAt: Date?
    public var createdAt: Date

    public init(
        id: Int64, login: String, name: String = "", isAdmin: Bool = false, isAuditor: Bool = false,
        disabledAt: Date? = nil, createdAt: Date
    ) {
        self.id = id
        self.login = login
        self.name = name
        self.isAdmin = isAdmin
        self.isAuditor = isAuditor
        self.disabledAt = disabledAt
        self.createdAt = createdAt
    }

    public var isDisabled: Bool { disabledAt != nil }
}
