import Foundation

/// The rule that slows password guessing: too many failed sign-ins for one login, or from one
/// address, within a window lock further attempts (answered 429) for a while.
///
/// Pure: the caller passes the failure times it kept (Storage's `signInFailure` table) and `now`.
/// Lockout runs from the most recent failure, so guessing during a lockout (which is recorded as a
/// failure too) extends it. Per-address limits are higher: many people can share one NAT.
public struct SignInThrottle: Sendable, Equatable {
    public static let standard = SignInThrottle(
        maxFailuresPerLogin: 5, maxFailuresPerAddress: 20, window: 15 * 60, lockout: 15 * 60)

    public var maxFailuresPerLogin: Int
    public var maxFailuresPerAddress: Int
    /// How far back failures count.
    public var window: TimeInterval
    /// How long a lockout lasts after the last failure.
    public var lockout: TimeInterval

    public init(maxFailuresPerLogin: Int, maxFailuresPerAddress: Int, window: TimeInterval, lockout: TimeInterval) {
        self.maxFailuresPerLogin = maxFailuresPerLogin
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.window = window
        self.lockout = lockout
    }

    /// The answer for one sign-in attempt.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Answer 429 with `Retry-After` up to this instant.
        case lockedUntil(Date)
    }

    /// The earliest failure time that still matters; fetch failures since then.
    public func windowStart(now: Date) -> Date {
        now.addingTimeInterval(-max(window, lockout))
    }

    public func decide(loginFailures: [Date], addressFailures: [Date], now: Date) -> Decision {
        let until = [
            lockedUntil(loginFailures, limit: maxFailuresPerLogin, now: now),
            lockedUntil(addressFailures, limit: maxFailuresPerAddress, now: now),
        ].compactMap { $0 }.max()
        return until.map(Decision.lockedUntil) ?? .allowed
    }

    /// When `limit` failures fall within one window ending at the latest of them, the lockout's end,
    /// if that is still ahead of `now`.
    private func lockedUntil(_ failures: [Date], limit: Int, now: Date) -> Date? {
        let recent = failures.filter { $0 <= now }.sorted()
        guard limit > 0, recent.count >= limit, let latest = recent.last else { return nil }
        guard recent[recent.count - limit] >= latest.addingTimeInterval(-window) else { return nil }
        let until = latest.addingTimeInterval(lockout)
        return until > now ? until : nil
    }
}
