import Archive
import Crypto
import Glibc

/// One package upload in flight: bytes go to a temporary file while SHA-256 is computed and the
/// archive is inspected; `finish` puts the file in the store, anything else leaves nothing behind.
///
/// Owned by the one task reading the request body. Any error from `write` or `finish` removes the
/// temporary file and ends the upload (a later `write` or `finish` is a programmer error and traps),
/// as do `abandon()` and, as a safety net, `deinit`.
public final class ArtifactUpload {
    private let store: ArtifactStore
    private let file: ArtifactFile
    private let inspector: ArchiveInspector
    private var hasher = SHA256()
    private var isWriting = true
    /// Bytes received so far.
    public private(set) var size: UInt64 = 0

    init(store: ArtifactStore, file: ArtifactFile, inspector: ArchiveInspector) {
        self.store = store
        self.file = file
        self.inspector = inspector
    }

    deinit { abandon() }

    /// The temporary file's path, for tests and diagnostics.
    public var temporaryPath: String { file.path }

    /// Takes the next piece of the body. A refused archive fails here as soon as it shows, so the
    /// caller can stop reading the body early.
    public func write(_ chunk: [UInt8]) throws(ArtifactError) {
        precondition(isWriting, "write after the upload finished or was abandoned")
        do {
            try inspector.feed(chunk)
        } catch {
            abandon()
            throw .invalidArchive(error)
        }
        hasher.update(data: chunk)
        size += UInt64(chunk.count)
        try removingOnError { () throws(ArtifactError) in try file.write(chunk) }
    }

    /// Verifies the checksum (when CI sent one) and the archive's end, flushes the file and moves it
    /// into the store under its SHA-256, reusing an existing file with the same bytes.
    public func finish(expectedSHA256: String?) throws(ArtifactError) -> StoredArtifact {
        precondition(isWriting, "finish after the upload finished or was abandoned")
        return try removingOnError { () throws(ArtifactError) in
            let digest = ArtifactDigest(hasher.finalize())
            if let expectedSHA256 {
                guard let expected = ArtifactDigest(expectedSHA256) else { throw .invalidChecksum(expectedSHA256) }
                guard expected == digest else { throw .checksumMismatch(expected: expected.hex, actual: digest.hex) }
            }
            let summary: ArchiveSummary
            do throws(ArchiveError) { summary = try inspector.finish() } catch { throw .invalidArchive(error) }
            try file.sync()
            let path = try store.place(file.path, as: digest)
            file.close()
            isWriting = false
            return StoredArtifact(sha256: digest, size: size, path: path, archive: summary)
        }
    }

    /// Stops the upload and removes the temporary file; harmless to call twice.
    public func abandon() {
        guard isWriting else { return }
        isWriting = false
        file.close()
        unlink(file.path)
    }

    private func removingOnError<T>(_ body: () throws(ArtifactError) -> T) throws(ArtifactError) -> T {
        do {
            return try body()
        } catch {
            abandon()
            throw error
        }
    }
}
