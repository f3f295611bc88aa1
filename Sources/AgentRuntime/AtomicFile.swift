import Foundation
import Glibc

/// Writes files the agent's state depends on: a temporary file created with the final mode from
/// the start (never briefly world-readable), flushed, then renamed over the target so readers see
/// the old or the new contents, never half of either.
enum AtomicFile {
    static func write(_ data: Data, to path: String, mode: mode_t = 0o600) throws(AgentError) {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .state("cannot create \(temporary): \(errnoText())") }
        var written = 0
        let failure: String? = data.withUnsafeBytes { buffer in
            while written < buffer.count {
                let rc = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if rc < 0 { if errno == EINTR { continue }; return errnoText() }
                written += rc
            }
            return fsync(fd) == 0 ? nil : errnoText()
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw .state("cannot write \(path): \(failure)")
        }
        guard rename(temporary, path) == 0 else {
            let message = errnoText()
            unlink(temporary)
            throw .state("cannot replace \(path): \(message)")
        }
    }

    /// Creates `path` and its missing parents with `mode`; an existing directory is left as it is.
    static func makeDirectory(_ path: String, mode: mode_t = 0o700) throws(AgentError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: Int(mode)])
        } catch {
            throw .state("cannot create directory \(path): \(error.localizedDescription)")
        }
    }
}

/// The text of the current `errno`, e.g. "No such file or directory".
func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
