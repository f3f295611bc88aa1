import Foundation

/// Filters for listing audit rows, newest first; `beforeID` is the cursor (the last id of the
/// previous page).
public struct AuditQuery: Sendable, Equatable {
    public static let defaultLimit = 100
    public static let maxLimit = 1000

    public var actor: String?
    public var action: String?
    public var targetType: String?
    public var targetID: String?
    public var since: Date?
    public var until: Date?
    public var beforeID: Int64?
    public var limit: Int

    public init(
        actor: String? = nil, action: String? = nil, targetType: String? = nil, targetID: String? = nil,
        since: Date? = nil, until: Date? = nil, beforeID: Int64? = nil, limit: Int = AuditQuery.defaultLimit
    ) {
        self.actor = actor
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.since = since
        self.until = until
        self.beforeID = beforeID
        self.limit = min(max(limit, 1), Self.maxLimit)
    }
}
