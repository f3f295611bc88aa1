import Core
import Foundation
import Storage

/// Package retention as housekeeping: deletes the versions `PackageRetention` lets go (rows and audit
/// in one transaction), then their files, then files under `artifacts/sha256/` that no row names.
///
/// Files go only after the commit, and only when no row uses them any more (two versions may share
/// one file). A file no row names is left alone until it is `strayFileMinimumAge` old, so an upload
/// that has placed its file but not yet written its row is never touched. `App` runs this every
/// `interval`; tests call `run(now:)`.
struct PackageRetentionSweep: Sendable {
    static let interval: Duration = .seconds(60 * 60)
    static let strayFileMinimumAge: TimeInterval = 60 * 60

    let store: Store
    let artifacts: ArtifactStore
    let retention: PackageRetention

    /// What one run did.
    struct Outcome: Sendable, Equatable {
        var removed: [RemovedPackage] = []
        /// Files deleted: those of removed versions plus old files no row named.
        var deletedFiles = 0
    }

    func run(now: Date) async throws -> Outcome {
        let removed = try await store.write { db in try db.deleteExpiredPackages(retention: retention, now: now) }
        var outcome = Outcome(removed: removed)
        // The files of removed versions go with every other unused file, and only once untouched for
        // an hour: an upload of the same bytes may be reusing one right now (it freshens the file).
        outcome.deletedFiles = try await deleteUnused(try storedFiles(modifiedBefore: now.addingTimeInterval(-Self.strayFileMinimumAge)))
        return outcome
    }

    /// Deletes the files of `digests` that no package row uses; returns how many.
    private func deleteUnused(_ digests: [ArtifactDigest]) async throws -> Int {
        guard !digests.isEmpty else { return 0 }
        let unused = try await store.read { db in try digests.filter { try !db.isArtifactInUse(sha256: $0.hex) } }
        for digest in unused { try artifacts.delete(sha256: digest) }
        return unused.count
    }

    /// Files under `artifacts/sha256/` last modified before `cutoff`; names that are not digests are ignored.
    private func storedFiles(modifiedBefore cutoff: Date) throws -> [ArtifactDigest] {
        let files = FileManager.default
        let content = artifacts.directory.appendingPathComponent("sha256", isDirectory: true)
        var found: [ArtifactDigest] = []
        for shard in try files.contentsOfDirectory(atPath: content.path) {
            let shardPath = content.appendingPathComponent(shard).path
            guard let names = try? files.contentsOfDirectory(atPath: shardPath) else { continue }
            for name in names {
                guard let digest = ArtifactDigest(name), digest.hex == name,
                      let modified = try? files.attributesOfItem(atPath: shardPath + "/" + name)[.modificationDate] as? Date,
                      modified < cutoff
                else { continue }
                found.append(digest)
            }
        }
        return found
    }
}
