/// Checks an uploaded `.tar.gz` package as it streams in, in constant memory, before it is accepted.
///
/// Feed the gzip bytes in chunks of any size, then call `finish`. Refused: corrupt or truncated gzip,
/// bad tar header checksums or sizes, absolute paths, `..` components, symbolic or hard links that
/// resolve outside the archive root, devices and FIFOs, unknown entry types, a missing end-of-archive
/// marker, anything but zero padding after it, and more than `uncompressedLimit` inflated bytes.
/// ustar, GNU (long names, base-256 sizes) and pax (`path`, `linkpath`, `size`) headers are read;
/// concatenated gzip members are inflated as one stream (see `ArchiveInflater`).
///
/// The first error is sticky: every later `feed` or `finish` throws it again.
public final class ArchiveInspector {
    /// 16 GiB: far beyond any sane package, well short of what a gzip bomb expands to.
    public static let defaultUncompressedLimit: UInt64 = 16 << 30

    public let uncompressedLimit: UInt64
    private let inflater: ArchiveInflater
    private var reader: ArchiveReader
    private var inflatedBytes: UInt64 = 0
    private var failure: ArchiveError?

    public init(uncompressedLimit: UInt64 = ArchiveInspector.defaultUncompressedLimit) throws(ArchiveError) {
        self.uncompressedLimit = uncompressedLimit
        inflater = try ArchiveInflater()
        reader = ArchiveReader(uncompressedLimit: uncompressedLimit)
    }

    /// Inflates and checks the next piece of the gzip stream.
    public func feed(_ chunk: [UInt8]) throws(ArchiveError) {
        if let failure { throw failure }
        do throws(ArchiveError) {
            try inflater.feed(chunk) { piece throws(ArchiveError) in
                inflatedBytes += UInt64(piece.count)
                guard inflatedBytes <= uncompressedLimit else {
                    throw .tooLarge(entry: reader.currentEntry, limit: uncompressedLimit)
                }
                try reader.consume(piece)
            }
        } catch {
            failure = error
            throw error
        }
    }

    /// Checks that the gzip stream and the archive both ended properly; returns what the archive held.
    public func finish() throws(ArchiveError) -> ArchiveSummary {
        if let failure { throw failure }
        do throws(ArchiveError) {
            guard inflater.isComplete else { throw ArchiveError.truncated(entry: reader.currentEntry) }
            return try reader.finish()
        } catch {
            failure = error
            throw error
        }
    }
}
