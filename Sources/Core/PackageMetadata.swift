/// What CI says about a package's build: where it came from and why. Every field optional.
///
/// Stored as the package row's `metadata` JSON object. Single-line fields refuse control characters;
/// `notes` may hold newlines and tabs.
public struct PackageMetadata: Sendable, Equatable, Codable {
    public var commit: String?
    public var branch: String?
    public var buildURL: String?
    public var notes: String?

    public init(commit: String? = nil, branch: String? = nil, buildURL: String? = nil, notes: String? = nil) {
        self.commit = commit
        self.branch = branch
        self.buildURL = buildURL
        self.notes = notes
    }

    /// Longest value in UTF-8 bytes, per field.
    public static let limits: [(field: String, bytes: Int)] = [("commit", 128), ("branch", 255), ("buildURL", 2048), ("notes", 8192)]

    /// Refuses values past their limit (422 naming the field) and control characters outside `notes`.
    public func validate() throws(AppError) {
        let values = [commit, branch, buildURL, notes]
        for ((field, limit), value) in zip(Self.limits, values) {
            guard let value else { continue }
            guard value.utf8.count <= limit else {
                throw AppError(.invalid, "\(field) must be at most \(limit) bytes", field: field)
            }
            let allowed: Set<Unicode.Scalar> = field == "notes" ? ["\n", "\r", "\t"] : []
            if value.unicodeScalars.contains(where: { ($0.value < 0x20 || $0.value == 0x7F) && !allowed.contains($0) }) {
                throw AppError(.invalid, "\(field) must not contain control characters", field: field)
            }
        }
    }
}
