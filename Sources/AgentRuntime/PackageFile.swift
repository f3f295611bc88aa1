import Archive
import Core
import Crypto
import Foundation
import Glibc

/// Checks a downloaded package before anything is unpacked: its size and SHA-256 against the job's
/// `PackageRef`, then its contents with `ArchiveInspector` (no absolute paths, `..`, escaping links
/// or devices).
enum PackageFile {
    /// The file's size and lowercase hex SHA-256, read in 1 MiB pieces.
    static func digest(_ path: String) async throws(StepFailure) -> (size: Int64, sha256: String) {
        let outcome: Result<(Int64, String), StepFailure> = await onThread("sha256") {
            var hasher = SHA256()
            var size: Int64 = 0
            let failure = eachChunk(of: path) { chunk in
                hasher.update(data: chunk)
                size += Int64(chunk.count)
                return nil
            }
            if let failure { return .failure(StepFailure(failure)) }
            return .success((size, hasher.finalize().map { String(format: "%02x", $0) }.joined()))
        }
        return try outcome.get()
    }

    static func verify(_ path: String, against package: AgentJob.PackageRef) async throws(StepFailure) {
        let (size, sha256) = try await digest(path)
        guard sha256 == package.sha256.lowercased() else {
            unlink(path)
            throw StepFailure("checksum mismatch: expected \(package.sha256.lowercased()), got \(sha256)")
        }
        guard size == package.size else {
            unlink(path)
            throw StepFailure("size mismatch: expected \(package.size) bytes, got \(size)")
        }
    }

    /// Runs the archive through `ArchiveInspector`; the refusal names the offending entry.
    static func inspect(_ path: String) async throws(StepFailure) -> ArchiveSummary {
        let outcome: Result<ArchiveSummary, StepFailure> = await onThread("inspect") {
            do {
                let inspector = try ArchiveInspector()
                let failure = eachChunk(of: path) { chunk in
                    do { try inspector.feed(chunk) } catch { return "package refused: \(error)" }
                    return nil
                }
                if let failure { return .failure(StepFailure(failure)) }
                return .success(try inspector.finish())
            } catch {
                return .failure(StepFailure("package refused: \(error)"))
            }
        }
        return try outcome.get()
    }

    /// Calls `body` with each piece of the file until it returns a failure message; returns that or
    /// a read error's message.
    private static func eachChunk(of path: String, _ body: ([UInt8]) -> String?) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "cannot open \(path): \(errnoText())" }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 { if errno == EINTR { continue }; return "cannot read \(path): \(errnoText())" }
            if count == 0 { return nil }
            if let failure = body(Array(buffer[..<count])) { return failure }
        }
    }
}
