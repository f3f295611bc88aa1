import Archive
import Core
import Foundation
import Glibc

/// Package files stored by content under the data directory: `artifacts/sha256/ab/abcdef…`.
///
/// Two versions with the same bytes share one file. Uploads are written to `artifacts/tmp/` and renamed
/// into place only once complete, checked and flushed, so an interrupted upload, a full disk or a
/// crash never leaves a partial file under `sha256/`; `removeStaleUploads()` at start-up clears what a
/// crash left in `tmp/`. File names come only from validated digests, never from user input.
public struct ArtifactStore: Sendable {
    /// `<data>/artifacts`.
    public let directory: URL

    /// Opens (creating if needed) the artifact directories under `dataDirectory`.
    public init(dataDirectory: URL) throws(ArtifactError) {
        directory = dataDirectory.appendingPathComponent("artifacts", isDirectory: true)
        for path in [dataDirectory.path, directory.path, contentDirectory.path, temporaryDirectory.path] {
            try ArtifactFile.makeDirectory(path)
        }
    }

    var contentDirectory: URL { directory.appendingPathComponent("sha256", isDirectory: true) }
    var temporaryDirectory: URL { directory.appendingPathComponent("tmp", isDirectory: true) }

    /// Starts an upload into a new temporary file; the archive is inspected as the bytes arrive.
    public func beginUpload(uncompressedLimit: UInt64 = ArchiveInspector.defaultUncompressedLimit) throws(ArtifactError) -> ArtifactUpload {
        let name = String(UInt64.random(in: .min ... .max), radix: 16) + String(UInt64.random(in: .min ... .max), radix: 16)
        let file = try ArtifactFile(creating: temporaryDirectory.appendingPathComponent(name + ".part").path)
        do {
            return ArtifactUpload(store: self, file: file, inspector: try ArchiveInspector(uncompressedLimit: uncompressedLimit))
        } catch {
            file.close()
            unlink(file.path)
            throw .invalidArchive(error)
        }
    }

    /// Where the file for `sha256` lives (whether or not it exists).
    public func path(for sha256: ArtifactDigest) -> URL {
        contentDirectory
            .appendingPathComponent(String(sha256.hex.prefix(2)), isDirectory: true)
            .appendingPathComponent(sha256.hex, isDirectory: false)
    }

    /// Where a package's file lives, from its validated digest (nil for a row whose digest is not one).
    public func path(of package: Package) -> String? {
        ArtifactDigest(package.sha256).map { path(for: $0).path }
    }

    public func exists(sha256: ArtifactDigest) -> Bool {
        access(path(for: sha256).path, F_OK) == 0
    }

    /// Removes the file for `sha256`; a missing file is not an error. The caller makes sure no package
    /// row still points at it.
    public func delete(sha256: ArtifactDigest) throws(ArtifactError) {
        let file = path(for: sha256).path
        guard unlink(file) == 0 || errno == ENOENT else { throw .system("unlink", file) }
    }

    /// Deletes every file left in `tmp/` by uploads a crash interrupted; returns how many. Call it at
    /// start-up, before any upload begins.
    @discardableResult
    public func removeStaleUploads() throws(ArtifactError) -> Int {
        let names = try ArtifactFile.names(in: temporaryDirectory.path)
        for name in names {
            let file = temporaryDirectory.appendingPathComponent(name).path
            guard unlink(file) == 0 || errno == ENOENT else { throw .system("unlink", file) }
        }
        return names.count
    }

    /// Moves a complete, flushed temporary file into place under its digest, or drops it when that
    /// content is already stored.
    func place(_ temporary: String, as sha256: ArtifactDigest) throws(ArtifactError) -> URL {
        let destination = path(for: sha256)
        let shard = destination.deletingLastPathComponent().path
        try ArtifactFile.makeDirectory(shard)
        if exists(sha256: sha256) {
            unlink(temporary)
            // Freshen it: the retention sweep only deletes files no row uses *and* untouched for an
            // hour, so a file reused here cannot vanish before this upload writes its row.
            _ = utimensat(AT_FDCWD, destination.path, nil, 0)
            return destination
        }
        // rename(2) is atomic: readers see no file or the whole file. A concurrent upload of the same
        // bytes may win the race; replacing identical content is harmless.
        guard rename(temporary, destination.path) == 0 else { throw .system("rename", temporary) }
        try ArtifactFile.syncDirectory(shard)
        return destination
    }
}

/// A package file in the store, as an upload leaves it.
public struct StoredArtifact: Equatable, Sendable {
    public let sha256: ArtifactDigest
    /// Compressed size in bytes: the file's size.
    public let size: UInt64
    public let path: URL
    /// What the archive holds.
    public let archive: ArchiveSummary
}
