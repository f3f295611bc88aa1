import Foundation

/// When a failed delivery is tried again: exponential backoff, capped, for a few attempts.
///
/// With the defaults: attempts at 0 s, then 10 s, 20 s, 40 s, 80 s and 160 s after the one
/// before; after the sixth failure the delivery is `failed` and the next event of that webhook goes.
public struct WebhookRetry: Sendable, Equatable {
    public var maxAttempts: Int
    public var firstDelay: TimeInterval
    public var maxDelay: TimeInterval

    public init(maxAttempts: Int = 6, firstDelay: TimeInterval = 10, maxDelay: TimeInterval = 15 * 60) {
        precondition(maxAttempts >= 1 && firstDelay > 0 && maxDelay >= firstDelay, "a retry policy needs positive delays")
        self.maxAttempts = maxAttempts
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
    }

    /// The wait before the next attempt once `attempts` have failed; nil when none is left.
    public func delay(afterAttempts attempts: Int) -> TimeInterval? {
        guard attempts < maxAttempts else { return nil }
        return min(firstDelay * pow(2, Double(max(attempts - 1, 0))), maxDelay)
    }
}
