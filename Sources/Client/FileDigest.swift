import Crypto
import Foundation

/// The SHA-256 and size of a file, read in 1 MiB pieces so a 2 GiB package never sits in memory.
public struct FileDigest: Sendable, Equatable {
    /// Lowercase hex, as `sha256sum` prints it.
    public var sha256: String
    public var size: Int64

    public init(sha256: String, size: Int64) {
        self.sha256 = sha256
        self.size = size
    }

    /// Reads the file at `path` to the end.
    public static func of(fileAt path: String) throws(ClientError) -> FileDigest {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ClientError(.file, "cannot read \(path)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
                hasher.update(data: piece)
                size += Int64(piece.count)
            }
        } catch {
            throw ClientError(.file, "cannot read \(path): \(error.localizedDescription)")
        }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return FileDigest(sha256: hex, size: size)
    }
}
