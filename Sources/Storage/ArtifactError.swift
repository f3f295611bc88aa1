import Archive
import Glibc

/// Why an artifact upload or store operation failed.
///
/// The API maps `diskFull` to 507, `invalidArchive` to 422, `checksumMismatch` and `invalidChecksum`
/// to 422 as well (the bytes are not what CI said it sent), and `io` to 500.
public enum ArtifactError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file system ran out of space (ENOSPC) or quota (EDQUOT); nothing was kept.
    case diskFull
    /// The bytes' SHA-256 is not the one the client announced; nothing was kept.
    case checksumMismatch(expected: String, actual: String)
    /// The announced checksum is not 64 hex characters.
    case invalidChecksum(String)
    /// The archive was refused while it streamed in or at its end; nothing was kept.
    case invalidArchive(ArchiveError)
    /// A system call failed; `path` is under the data directory.
    case io(call: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case .diskFull: "not enough disk space to store the package"
        case .checksumMismatch(let expected, let actual): "checksum mismatch: expected sha256 \(expected), received \(actual)"
        case .invalidChecksum: "the checksum must be 64 hexadecimal characters (SHA-256)"
        case .invalidArchive(let error): error.description
        case .io(let call, let path, let code): "\(call) \(path): \(String(cString: strerror(code)))"
        }
    }

    /// The error for a failed system call, from `errno` as it stands.
    static func system(_ call: String, _ path: String) -> ArtifactError {
        let code = errno
        return code == ENOSPC || code == EDQUOT ? .diskFull : .io(call: call, path: path, errno: code)
    }
}
