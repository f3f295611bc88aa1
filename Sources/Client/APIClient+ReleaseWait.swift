import Foundation

extension APIClient {
    /// Follows `release` until it is finished or `timeout` has passed, with `GET …?wait=` of at most
    /// `poll` seconds each so progress shows while hosts move; `progress` gets the release's progress
    /// line each time it changes while unfinished (not the first time when `isShown`: the caller
    /// printed it). Answers the release as it last stood.
    public func follow(_ release: ReleaseRecord, timeout: Duration, poll: Int = 5, isShown: Bool = false,
                       progress: (String) -> Void) async throws(ClientError) -> ReleaseRecord {
        let deadline = ContinuousClock.now + timeout
        // Each wait must end well before the request timeout fails it.
        let longest = max(1, min(poll, Int(self.timeout.seconds) - 1))
        var current = release
        var shown = isShown ? release.progress : ""
        while !current.finished {
            if current.progress != shown {
                shown = current.progress
                progress(shown)
            }
            let remaining = (deadline - ContinuousClock.now).seconds
            guard remaining > 0 else { break }
            current = try await self.release(current.id, wait: min(longest, Int(remaining.rounded(.up)))).release
        }
        return current
    }
}
