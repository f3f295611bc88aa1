/// What an accepted package archive holds, as counted while it streamed past.
public struct ArchiveSummary: Equatable, Sendable {
    /// How many top-level names are kept; an archive with more reports the first ones met, sorted.
    public static let topLevelNameLimit = 32

    /// Entries of every accepted kind (files, directories, links), not counting pax or GNU metadata.
    public var entryCount: Int
    /// Regular files among the entries.
    public var fileCount: Int
    /// Sum of the regular files' sizes.
    public var fileBytes: UInt64
    /// Bytes of the tar stream after gzip, including headers and padding.
    public var uncompressedSize: UInt64
    /// The first path component of each entry (`.` removed), sorted, at most `topLevelNameLimit`.
    public var topLevelNames: [String]

    public init(entryCount: Int = 0, fileCount: Int = 0, fileBytes: UInt64 = 0, uncompressedSize: UInt64 = 0, topLevelNames: [String] = []) {
        self.entryCount = entryCount
        self.fileCount = fileCount
        self.fileBytes = fileBytes
        self.uncompressedSize = uncompressedSize
        self.topLevelNames = topLevelNames
    }
}
