import Core
import Foundation

/// The knobs of authentication: the clock, the password hasher, the sign-in throttle and lifetimes.
///
/// Production uses the defaults; tests pass a clock they move by hand and a cheap hasher, so
/// nothing sleeps and a sign-in does not cost 210,000 PBKDF2 rounds.
public struct AccessSettings: Sendable {
    /// How long a browser session lasts after sign-in; it is not extended by use.
    public static let defaultSessionLifetime: TimeInterval = 12 * 60 * 60
    /// `apiToken.lastUsedAt` is kept to this precision, so a busy token (the benchmark's, a CI
    /// poller's) costs a database write at most once per interval instead of once per request.
    public static let defaultTouchInterval: TimeInterval = 60
    /// How often expired sessions and sign-in failures too old to count are deleted.
    public static let defaultSweepInterval: Duration = .seconds(10 * 60)

    /// The current time; every expiry and audit timestamp reads it.
    public var now: @Sendable () -> Date
    public var hasher: PasswordHasher
    public var throttle: SignInThrottle
    public var sessionLifetime: TimeInterval
    public var touchInterval: TimeInterval
    public var sweepInterval: Duration

    public init(
        now: @escaping @Sendable () -> Date = { Date() }, hasher: PasswordHasher = PasswordHasher(),
        throttle: SignInThrottle = .standard, sessionLifetime: TimeInterval = AccessSettings.defaultSessionLifetime,
        touchInterval: TimeInterval = AccessSettings.defaultTouchInterval,
        sweepInterval: Duration = AccessSettings.defaultSweepInterval
    ) {
        self.now = now
        self.hasher = hasher
        self.throttle = throttle
        self.sessionLifetime = sessionLifetime
        self.touchInterval = touchInterval
        self.sweepInterval = sweepInterval
    }

    /// Hashes `password` on a thread outside the event loops (the KDF is slow on purpose).
    func hash(_ password: String) async -> String {
        let hasher = hasher
        return await Offload.run { hasher.hash(password) }
    }

    /// Verifies `password` on a thread outside the event loops; a nil hash costs the same time.
    func verify(_ password: String, against encoded: String?) async -> Bool {
        let hasher = hasher
        return await Offload.run { hasher.verify(password, against: encoded) }
    }
}
