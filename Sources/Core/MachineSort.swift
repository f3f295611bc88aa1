/// The order of the machine list: one field, ascending or descending, ties broken by id.
public struct MachineSort: Sendable, Hashable, Codable {
    /// A sortable column.
    public enum Field: String, Sendable, Codable, CaseIterable {
        case hostname, lastSeenAt, createdAt, datacenter
    }

    public var field: Field
    public var isDescending: Bool

    public init(_ field: Field = .hostname, descending: Bool = false) {
        self.field = field
        isDescending = descending
    }

    /// Parses `hostname`, `-lastSeenAt` (a leading `-` means descending); invalid names `sort`.
    public init(parsing text: String) throws(AppError) {
        let descending = text.hasPrefix("-")
        guard let field = Field(rawValue: String(text.dropFirst(descending ? 1 : 0))) else {
            let names = Field.allCases.map(\.rawValue).joined(separator: ", ")
            throw AppError(.invalid, "sort must be one of \(names), optionally prefixed with '-'", field: "sort")
        }
        self.init(field, descending: descending)
    }
}
