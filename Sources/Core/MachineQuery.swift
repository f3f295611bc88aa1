import Foundation

/// What the machine list asks for: filters, a sort, a page size and a cursor.
///
/// Every filter is optional and they combine with AND. `visibleGroupIDs` is not a user filter: the
/// caller sets it from `Principal.viewableGroupIDs()` (nil only for principals who see every group),
/// and Storage intersects it with `groupIDs`, so a list never shows a hidden machine.
public struct MachineQuery: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maxLimit = 500

    /// Only machines in these groups (and their subgroups when `includeSubgroups`).
    public var groupIDs: Set<Int64>?
    public var includeSubgroups: Bool
    public var visibleGroupIDs: Set<Int64>?
    public var environmentID: Int64?
    public var datacenter: String?
    public var state: Machine.State?
    /// true: seen within `offlineAfter` before `now`; false: not (or never) seen since.
    public var isOnline: Bool?
    public var offlineAfter: TimeInterval
    public var now: Date
    /// Only machines with this label key…
    public var labelKey: String?
    /// …and, when also given, this value.
    public var labelValue: String?
    /// A case-insensitive substring of the hostname or the address.
    public var text: String?
    public var sort: MachineSort
    public var limit: Int
    /// `MachinePage.nextCursor` of the previous page; nil for the first page.
    public var cursor: MachineCursor?

    public init(
        groupIDs: Set<Int64>? = nil, includeSubgroups: Bool = true, visibleGroupIDs: Set<Int64>? = nil,
        environmentID: Int64? = nil, datacenter: String? = nil, state: Machine.State? = nil,
        isOnline: Bool? = nil, offlineAfter: TimeInterval = 60, now: Date,
        labelKey: String? = nil, labelValue: String? = nil, text: String? = nil, sort: MachineSort = .init(),
        limit: Int = MachineQuery.defaultLimit, cursor: MachineCursor? = nil
    ) {
        self.groupIDs = groupIDs
        self.includeSubgroups = includeSubgroups
        self.visibleGroupIDs = visibleGroupIDs
        self.environmentID = environmentID
        self.datacenter = datacenter
        self.state = state
        self.isOnline = isOnline
        self.offlineAfter = offlineAfter
        self.now = now
        self.labelKey = labelKey
        self.labelValue = labelValue
        self.text = text
        self.sort = sort
        self.limit = min(max(limit, 1), Self.maxLimit)
        self.cursor = cursor
    }

}

/// One page of the machine list.
public struct MachinePage: Sendable, Equatable {
    public var machines: [Machine]
    /// Pass back as `MachineQuery.cursor` for the next page; nil on the last page.
    public var nextCursor: MachineCursor?

    public init(machines: [Machine], nextCursor: MachineCursor?) {
        self.machines = machines
        self.nextCursor = nextCursor
    }
}
