/// The symbolic links met so far in an archive, and whether each stays inside the archive root.
///
/// A lexical check at the header catches most escapes at once (`/`, `../../outside`). It is not enough
/// alone: with `d -> .`, a link `e -> d/..` looks harmless but leaves the root once `d` is followed, and
/// `e` may come before `d`. So `finish` resolves every link again with all links known, following a
/// link wherever it is used as a directory. Memory grows with the number of symbolic links only.
struct ArchiveLinks {
    /// Linux gives up after 40 links in one lookup (ELOOP); so does this check, by refusing.
    static let maximumDepth = 40

    private var links: [[String]: Link] = [:]
    private var order: [[String]] = []

    private struct Link {
        var entry: String
        var target: String
    }

    /// Records a symbolic link at `path` and refuses it if its target is absolute or climbs out lexically.
    mutating func addSymbolic(at path: ArchivePath, entry: String, target: String) throws(ArchiveError) {
        guard !target.isEmpty, !target.hasPrefix("/"),
              Self.lexical(path.directory + ArchivePath.split(target)) != nil
        else { throw .escapingLink(entry: entry, target: target) }
        if links.updateValue(Link(entry: entry, target: target), forKey: path.components) == nil {
            order.append(path.components)
        }
    }

    /// Refuses a hard link whose target is not a plain name inside the archive (tar stores hard-link
    /// targets relative to the archive root, not to the link's directory).
    static func checkHard(entry: String, target: String) throws(ArchiveError) {
        guard !target.isEmpty, !target.hasPrefix("/"), !ArchivePath.split(target).contains("..") else {
            throw .escapingLink(entry: entry, target: target)
        }
    }

    /// Resolves every recorded link with all of them known; the first one that escapes is refused.
    func checkAll() throws(ArchiveError) {
        for path in order {
            guard let link = links[path] else { continue }
            let start = Array(path.dropLast()) + ArchivePath.split(link.target)
            guard resolve(start, depth: 0) != nil else {
                throw .escapingLink(entry: link.entry, target: link.target)
            }
        }
    }

    /// `components` resolved from the root, following recorded links used as directories; nil if the
    /// walk leaves the root or follows too many links.
    private func resolve(_ components: [String], depth: Int) -> [String]? {
        var stack: [String] = []
        for (index, component) in components.enumerated() {
            if component == ".." {
                guard !stack.isEmpty else { return nil }
                stack.removeLast()
                continue
            }
            stack.append(component)
            guard index < components.count - 1, let link = links[stack] else { continue }
            guard depth < Self.maximumDepth,
                  let target = resolve(Array(stack.dropLast()) + ArchivePath.split(link.target), depth: depth + 1)
            else { return nil }
            stack = target
        }
        return stack
    }

    /// `components` with `..` applied and no links followed; nil if it climbs above the root.
    private static func lexical(_ components: [String]) -> [String]? {
        var stack: [String] = []
        for component in components {
            if component == ".." {
                guard !stack.isEmpty else { return nil }
                stack.removeLast()
            } else {
                stack.append(component)
            }
        }
        return stack
    }
}
