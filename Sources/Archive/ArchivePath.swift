/// An entry's name as path components relative to the archive root: no empty or `.` components, and
/// checked never to start at `/` or climb with `..`.
struct ArchivePath: Hashable {
    let components: [String]

    /// Validates an entry name; `..` anywhere is refused even where it would stay inside, as GNU tar does.
    init(entry name: String) throws(ArchiveError) {
        guard !name.hasPrefix("/") else { throw .absolutePath(entry: name) }
        let components = Self.split(name)
        guard !components.contains("..") else { throw .escapingPath(entry: name) }
        self.components = components
    }

    init(components: [String]) {
        self.components = components
    }

    /// The components of `path` with empty and `.` components dropped (`..` kept).
    static func split(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true)
            .map(String.init)
            .filter { $0 != "." }
    }

    /// The directory holding the entry (the root for a top-level entry).
    var directory: [String] { Array(components.dropLast()) }

    /// The first component, or nil for the root itself (`./`).
    var topLevelName: String? { components.first }

    var isRoot: Bool { components.isEmpty }
}
