/// A stage machines belong to; `rank` orders promotion (test < staging < production).
///
/// Ranks are unique, so "the environment ranked below" is always one environment. A release needs
/// its version to have succeeded in the environment ranked below first (the promotion gate, see
/// `promotionSource`).
public struct Environment: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64
    public var name: String
    public var rank: Int
    public var isProtected: Bool
    public var needsApproval: Bool

    public init(id: Int64, name: String, rank: Int, isProtected: Bool = false, needsApproval: Bool = false) {
        self.id = id
        self.name = name
        self.rank = rank
        self.isProtected = isProtected
        self.needsApproval = needsApproval
    }

    /// Where the promotion gate looks for a success before a release to this environment: the
    /// nearest one ranked below among `used` (those where the application's group has active
    /// machines, so an environment a product line does not use blocks nothing); nil for the lowest.
    public func promotionSource(among environments: [Environment], used: Set<Int64>) -> Environment? {
        environments.filter { $0.rank < rank && used.contains($0.id) }.max { $0.rank < $1.rank }
    }
}

/// The editable fields of an environment, for create and update.
public struct EnvironmentDraft: Sendable, Codable, Equatable {
    public var name: String
    public var rank: Int
    public var isProtected: Bool
    public var needsApproval: Bool

    public init(name: String, rank: Int, isProtected: Bool = false, needsApproval: Bool = false) {
        self.name = name
        self.rank = rank
        self.isProtected = isProtected
        self.needsApproval = needsApproval
    }

    /// Throws `AppError(.invalid)` naming the first bad field.
    public func validate() throws(AppError) {
        try Validation.name(name)
        guard (0...1_000_000).contains(rank) else {
            throw AppError(.invalid, "rank must be between 0 and 1000000", field: "rank")
        }
    }
}
