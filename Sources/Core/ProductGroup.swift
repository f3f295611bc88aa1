/// A product line: a named group of machines and applications; groups may nest.
///
/// Names are unique across the whole tree regardless of case (the CLI and enrollment address a
/// group by name alone). `parentID == nil` is a top-level group. The tree never has a cycle:
/// `GroupTree.wouldCreateCycle` is checked before any move.
public struct ProductGroup: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64
    public var name: String
    public var parentID: Int64?
    public var description: String

    public init(id: Int64, name: String, parentID: Int64? = nil, description: String = "") {
        self.id = id
        self.name = name
        self.parentID = parentID
        self.description = description
    }
}

/// The editable fields of a product group, for create and update.
public struct GroupDraft: Sendable, Codable, Equatable {
    public var name: String
    public var parentID: Int64?
    public var description: String

    public init(name: String, parentID: Int64? = nil, description: String = "") {
        self.name = name
        self.parentID = parentID
        self.description = description
    }

    /// Throws `AppError(.invalid)` naming the first bad field.
    public func validate() throws(AppError) {
        try Validation.name(name)
        try Validation.text(description, field: "description", maxLength: 1024)
    }
}
