/// Something a principal may try to do; `Principal.decide` says whether it may.
///
/// - `view`: see a group and what is in it (machines, applications, releases).
/// - `deploy`: start, pause, roll back releases in a group.
/// - `manage`: edit a group's machines, applications and enrollment tokens.
/// - `administer`: users, environments, and the group tree itself (admins only; never via a token).
/// - `audit`: read and export the audit log (admins and auditors).
public enum Action: String, Sendable, Codable, CaseIterable {
    case view, deploy, manage, administer, audit

    /// The membership role a group-scoped action needs; nil for the global actions.
    public var requiredRole: Role? {
        switch self {
        case .view: .viewer
        case .deploy: .deployer
        case .manage: .owner
        case .administer, .audit: nil
        }
    }
}

/// The answer to a permission question, one per HTTP outcome.
public enum Decision: Sendable, Equatable {
    case allowed
    /// The principal sees the object but may not do this: 403.
    case forbidden
    /// The principal may not even see the object's group: 404, exactly as if it did not exist.
    case hidden

    public var isAllowed: Bool { self == .allowed }

    /// Returns when allowed; otherwise throws `AppError(.forbidden)` or `AppError(.notFound)`.
    public func require(_ action: Action) throws(AppError) {
        switch self {
        case .allowed: return
        case .forbidden: throw AppError(.forbidden, "you may not \(action.rawValue) here")
        case .hidden: throw AppError(.notFound, "not found")
        }
    }
}
