import Core
import Foundation
import Synchronization
@testable import Web

/// A clock tests move by hand, so expiry and throttling are tested without sleeping.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) {
        current = Mutex(start)
    }

    func now() -> Date { current.withLock { $0 } }

    func advance(by interval: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }
}

extension AccessSettings {
    /// The test clock and a hasher cheap enough for many sign-ins per test.
    static func testing(_ clock: TestClock) -> AccessSettings {
        AccessSettings(now: { clock.now() }, hasher: PasswordHasher(rounds: 1_000))
    }
}
