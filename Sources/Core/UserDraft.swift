/// The editable fields of a user, as an admin submits them to create or edit an account.
///
/// The password travels separately (`PasswordHasher` hashes it off the event loop first).
public struct UserDraft: Sendable, Codable, Equatable {
    public var login: String
    public var name: String
    public var isAdmin: Bool
    public var isAuditor: Bool

    public init(login: String, name: String = "", isAdmin: Bool = false, isAuditor: Bool = false) {
        self.login = login
        self.name = name
        self.isAdmin = isAdmin
        self.isAuditor = isAuditor
    }

    /// Throws `AppError(.invalid)` naming the first bad field.
    public func validate() throws(AppError) {
        try Validation.login(login)
        try Validation.displayName(name)
    }
}
