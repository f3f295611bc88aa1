import Foundation
import Glibc
import Synchronization

/// Each job's output, one file per job under the data directory: `logs/jobs/<id>.log`.
///
/// Agents send output in chunks tagged with their byte offset. A chunk is written only where the
/// file ends, so a chunk sent twice (a retry after a lost answer) is written once, and a chunk from
/// past the end is refused until the agent re-sends what came before. The size is capped; the agent
/// caps first and notes it in the log, the server's cap only guards against an agent that does not.
/// Appends for one job come from its one agent in order; a lock keeps two requests for the same
/// job from interleaving anyway.
public final class JobLogStore: Sendable {
    /// `<data>/logs/jobs`.
    public let directory: URL
    public let cap: Int64
    private let lock = Mutex(())

    public init(dataDirectory: URL, cap: Int64 = 10 * 1024 * 1024 + 64 * 1024) throws {
        directory = dataDirectory.appendingPathComponent(Self.relativeDirectory, isDirectory: true)
        self.cap = cap
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    static let relativeDirectory = "logs/jobs"

    /// The `job.logPath` column: relative to the data directory.
    public static func relativePath(jobID: Int64) -> String { "\(relativeDirectory)/\(jobID).log" }

    func path(jobID: Int64) -> String { directory.appendingPathComponent("\(jobID).log").path }

    /// Bytes held for a job (0 when it has no file yet).
    public func size(jobID: Int64) -> Int64 {
        var info = stat()
        return stat(path(jobID: jobID), &info) == 0 ? Int64(info.st_size) : 0
    }

    /// Appends the part of `bytes` (which start at `offset` of the job's log) past what the file
    /// holds, up to the cap; returns the file's size afterwards. A chunk starting past the end is not
    /// written: the returned size tells the agent where to resume.
    public func append(jobID: Int64, offset: Int64, bytes: [UInt8]) throws -> Int64 {
        try lock.withLock { _ in try appendLocked(jobID: jobID, offset: offset, bytes: bytes) }
    }

    private func appendLocked(jobID: Int64, offset: Int64, bytes: [UInt8]) throws -> Int64 {
        let current = size(jobID: jobID)
        guard offset <= current, offset + Int64(bytes.count) > current else { return current }
        let fresh = bytes.dropFirst(Int(current - offset)).prefix(Int(max(0, cap - current)))
        guard !fresh.isEmpty else { return current }
        let fd = open(path(jobID: jobID), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var written = 0
        let chunk = Array(fresh)
        while written < chunk.count {
            let n = chunk[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            written += n
        }
        return current + Int64(written)
    }

    /// Up to `limit` bytes of a job's log from `offset`; empty when there is nothing there.
    public func read(jobID: Int64, from offset: Int64 = 0, limit: Int = 1 << 20) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path(jobID: jobID)) else { return [] }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(max(0, offset)))) != nil,
              let data = try? handle.read(upToCount: limit) else { return [] }
        return Array(data)
    }
}
