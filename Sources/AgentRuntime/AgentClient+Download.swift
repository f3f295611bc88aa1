import Core
import Foundation
import Glibc
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension AgentClient {
    /// Downloads `package` into `path` (streamed to disk), resuming with `Range` after a network
    /// error; gives up after `attempts` tries. Verification is the caller's job.
    func download(_ package: AgentJob.PackageRef, to path: String, attempts: Int = 5,
                  sleeper: Sleeper = realSleeper) async throws(AgentError) {
        var backoff = Backoff(base: 1, cap: 30)
        for attempt in 1...max(1, attempts) {
            var info = stat()
            // Complete already (an earlier attempt finished, then the agent stopped): let verify decide.
            if stat(path, &info) == 0, Int64(info.st_size) >= package.size { return }
            do {
                _ = try await PackageDownload.fetch(request(package.downloadPath, timeout: 60), into: path,
                                                    configuration: session.configuration)
                return
            } catch where error.isRetryable && attempt < attempts {
                do { try await sleeper(backoff.next()) } catch { throw .unreachable("download cancelled") }
            }
        }
    }
}
