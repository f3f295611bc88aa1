/// The shape of the product-group tree: who is whose parent, built from every group.
///
/// Small (tens to hundreds of groups), so it is loaded whole and walked in memory: permission checks
/// need a group's ancestors (roles inherit downwards) and list filters need its descendants.
public struct GroupTree: Sendable, Equatable {
    private let parentOf: [Int64: Int64]
    private let childrenOf: [Int64: [Int64]]
    /// Every group id in the tree.
    public let groupIDs: Set<Int64>

    public init(_ groups: [ProductGroup]) {
        var parentOf: [Int64: Int64] = [:]
        var childrenOf: [Int64: [Int64]] = [:]
        for group in groups {
            guard let parentID = group.parentID else { continue }
            parentOf[group.id] = parentID
            childrenOf[parentID, default: []].append(group.id)
        }
        self.parentOf = parentOf
        self.childrenOf = childrenOf
        groupIDs = Set(groups.map(\.id))
    }

    public func contains(_ groupID: Int64) -> Bool { groupIDs.contains(groupID) }

    public func parent(of groupID: Int64) -> Int64? { parentOf[groupID] }

    /// The group's ancestors, nearest first, not including the group itself.
    public func ancestors(of groupID: Int64) -> [Int64] {
        var result: [Int64] = []
        var current = parentOf[groupID]
        // The bound guards against a cycle written behind our back; the schema cannot prevent one.
        while let id = current, result.count <= groupIDs.count {
            result.append(id)
            current = parentOf[id]
        }
        return result
    }

    /// Every group below `groupID`, at any depth, not including it.
    public func descendants(of groupID: Int64) -> Set<Int64> {
        var result: Set<Int64> = []
        var pending = childrenOf[groupID] ?? []
        while let id = pending.popLast() {
            guard result.insert(id).inserted else { continue }
            pending.append(contentsOf: childrenOf[id] ?? [])
        }
        return result
    }

    /// The given groups together with all their descendants.
    public func expanding(_ groupIDs: Set<Int64>) -> Set<Int64> {
        groupIDs.reduce(into: groupIDs) { result, id in result.formUnion(descendants(of: id)) }
    }

    /// Whether putting `groupID` under `newParentID` would make a group its own ancestor.
    public func wouldCreateCycle(moving groupID: Int64, under newParentID: Int64?) -> Bool {
        guard let newParentID else { return false }
        return newParentID == groupID || ancestors(of: newParentID).contains(groupID)
    }
}
