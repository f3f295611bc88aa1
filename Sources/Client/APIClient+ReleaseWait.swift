import Foundation

extension APIClient {
    /// Follows `release` until it is finished or `timeout` has passed, with `GET …?wait=` of at most
    /// `poll` seconds each so progress shows while hosts move; `progress` gets the release's progress
    /// line each time it changes while unfinished (not the first time when `isShown`: the caller
    /// printed it). A lost connection is retried with backoff until `timeout` (saying so once).
    /// Answers the release as it last stood.
    public func follow(_ release: ReleaseRecord, timeout: Duration, poll: Int = 5, isShown: Bool = false,
                       progress: (String) -> Void) async throws(ClientError) -> ReleaseRecord {
        let deadline = ContinuousClock.now + timeout
        // Each wait must end well before the request timeout fails it.
        let longest = max(1, min(poll, Int(self.timeout.seconds) - 1))
        var current = release
        var shown = isShown ? release.progress : ""
        var lostSince: ContinuousClock.Instant?
        var retry = 0.25
        while !current.finished {
            if current.progress != shown {
                shown = current.progress
                progress(shown)
            }
            let remaining = (deadline - ContinuousClock.now).seconds
            guard remaining > 0 else { break }
            do {
                current = try await self.release(current.id, wait: min(longest, Int(remaining.rounded(.up)))).release
                lostSince = nil
            } catch where Self.isPassing(error) {
                // A restarting server (or a proxy in front of it) must not fail a CI job that waits:
                // the release goes on without us. Try again, backing off, until the deadline.
                if lostSince == nil {
                    lostSince = ContinuousClock.now
                    progress("lost the server (\(error.message)); trying again")
                }
                retry = min(retry * 2, 10)
                try? await Task.sleep(for: .seconds(min(retry, max(0.1, (deadline - ContinuousClock.now).seconds))))
            }
        }
        return current
    }

    /// Failures a restart of the server explains: no connection, or a proxy saying it is gone.
    static func isPassing(_ error: ClientError) -> Bool {
        switch error.kind {
        case .connection, .server(status: 502, _), .server(status: 503, _), .server(status: 504, _): true
        default: false
        }
    }
}
