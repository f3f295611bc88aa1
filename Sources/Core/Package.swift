import Foundation

/// A numbered, immutable build of an application that can be released to any environment.
///
/// Never edited: a fix is a new version. The schema enforces `UNIQUE(applicationID, version)` and a
/// trigger refuses updates of the identifying columns. Versions with the same bytes share one file.
public struct Package: Sendable, Equatable, Identifiable {
    public let id: Int64
    public let applicationID: Int64
    public let version: String
    /// 64 lowercase hex characters: the SHA-256 of the `.tar.gz`, and its name in the artifact store.
    public let sha256: String
    /// Compressed size in bytes.
    public let size: Int64
    /// Relative to the data directory: `artifacts/sha256/ab/<sha256>`.
    public let storagePath: String
    public let metadata: PackageMetadata
    public let createdBy: Int64
    /// The uploader's login, read with the row.
    public let createdByLogin: String
    public let createdAt: Date

    public init(id: Int64, applicationID: Int64, version: String, sha256: String, size: Int64, storagePath: String,
                metadata: PackageMetadata, createdBy: Int64, createdByLogin: String, createdAt: Date) {
        self.id = id
        self.applicationID = applicationID
        self.version = version
        self.sha256 = sha256
        self.size = size
        self.storagePath = storagePath
        self.metadata = metadata
        self.createdBy = createdBy
        self.createdByLogin = createdByLogin
        self.createdAt = createdAt
    }

    /// The longest version.
    public static let maxVersionLength = 64

    /// Refuses anything but `[0-9A-Za-z][0-9A-Za-z._+-]{0,63}`, so a version is safe in paths, URLs and
    /// file names on the hosts.
    public static func validate(version: String) throws(AppError) {
        let bytes = Array(version.utf8)
        let isAlphanumeric = { (byte: UInt8) in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        guard let first = bytes.first, isAlphanumeric(first), bytes.count <= maxVersionLength,
              bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                                 || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) else {
            throw AppError(.invalid, "version must be 1 to \(maxVersionLength) letters, digits, '.', '_', '+' or '-', starting with a letter or digit",
                           field: "version")
        }
    }
}
