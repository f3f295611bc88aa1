import Foundation
import Glibc

/// An application's directories on the host (DESIGN "Agent protocol"):
/// `<installRoot>/<application>/releases/<release-id>/`, `current` → `releases/<id>` (a relative
/// symlink replaced with `rename(2)`, so it always points at a complete release), `.previous` (the
/// release `current` pointed at before the last switch), `.downloads/` (packages being fetched).
struct ReleaseLayout: Sendable {
    let root: String

    init(installRoot: String, application: String) {
        root = (installRoot.hasSuffix("/") ? String(installRoot.dropLast()) : installRoot) + "/" + application
    }

    var releases: String { "\(root)/releases" }
    var current: String { "\(root)/current" }
    var downloads: String { "\(root)/.downloads" }
    private var previousFile: String { "\(root)/.previous" }

    func release(_ id: Int64) -> String { "\(releases)/\(id)" }

    func hasRelease(_ id: Int64) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: release(id), isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The release `current` points at, if it points at one.
    var currentRelease: Int64? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return nil }
        return Int64((target as NSString).lastPathComponent)
    }

    var previousRelease: Int64? {
        (try? String(contentsOfFile: previousFile, encoding: .utf8)).flatMap { Int64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Points `current` at `releases/<id>` atomically and remembers the release it replaced.
    func activate(_ id: Int64) throws(StepFailure) {
        let before = currentRelease
        let temporary = "\(root)/current.tmp-\(UInt32.random(in: 0...UInt32.max))"
        guard symlink("releases/\(id)", temporary) == 0 else {
            throw StepFailure("cannot create the link \(temporary): \(errnoText())")
        }
        guard rename(temporary, current) == 0 else {
            let message = errnoText()
            unlink(temporary)
            throw StepFailure("cannot switch \(current) to releases/\(id): \(message)")
        }
        if let before, before != id {
            try? AtomicFile.write(Data("\(before)\n".utf8), to: previousFile, mode: 0o644)
        }
    }

    /// Release ids present under `releases/`, oldest first.
    var keptReleases: [Int64] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: releases)) ?? []
        return names.compactMap { Int64($0) }.sorted()
    }

    /// Keeps the newest `keep` releases plus the current and previous ones, and removes unfinished
    /// unpacks and downloads. Returns the paths it removed.
    @discardableResult
    func cleanUp(keep: Int) -> [String] {
        let protected = Set([currentRelease, previousRelease].compactMap { $0 })
        let newest = Set(keptReleases.suffix(max(1, keep)))
        var removed: [String] = []
        for id in keptReleases where !newest.contains(id) && !protected.contains(id) {
            if (try? FileManager.default.removeItem(atPath: release(id))) != nil { removed.append(release(id)) }
            unlink("\(root)/.versions/\(id)")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: releases)) ?? []
        for name in names where name.hasSuffix(".tmp") {
            if (try? FileManager.default.removeItem(atPath: "\(releases)/\(name)")) != nil { removed.append("\(releases)/\(name)") }
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: downloads)) ?? [] {
            if (try? FileManager.default.removeItem(atPath: "\(downloads)/\(name)")) != nil { removed.append("\(downloads)/\(name)") }
        }
        return removed
    }
}
