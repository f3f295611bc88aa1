import Core
import Foundation
import GRDB

extension Database {
    /// Records a failed sign-in for `SignInThrottle` to count (the audit row is appended separately).
    public func recordSignInFailure(login: String, remoteAddress: String, at: Date) throws {
        try prepared("INSERT INTO signInFailure (login, remoteAddress, at) VALUES (?, ?, ?)").execute(arguments: [login.lowercased(), remoteAddress, at.millisecondsSince1970])
    }

    /// The throttle's decision for a sign-in attempt, from the failures recorded in its window.
    public func signInDecision(
        login: String, remoteAddress: String, now: Date, throttle: SignInThrottle = .standard
    ) throws -> SignInThrottle.Decision {
        let since = throttle.windowStart(now: now).millisecondsSince1970
        let times = { (column: String, value: String) in
            try Int64.fetchAll(
                self, sql: "SELECT at FROM signInFailure WHERE \(column) = ? AND at >= ? ORDER BY at",
                arguments: [value, since]
            ).map(Date.init(millisecondsSince1970:))
        }
        return throttle.decide(
            loginFailures: try times("login", login.lowercased()),
            addressFailures: try times("remoteAddress", remoteAddress), now: now)
    }

    /// Forgets a login's failures after a successful sign-in (its address's failures still count).
    public func clearSignInFailures(login: String) throws {
        try prepared("DELETE FROM signInFailure WHERE login = ?").execute(arguments: [login.lowercased()])
    }

    /// Drops failures older than the throttle can use; for a periodic sweep.
    @discardableResult
    public func pruneSignInFailures(now: Date, throttle: SignInThrottle = .standard) throws -> Int {
        try prepared("DELETE FROM signInFailure WHERE at < ?").execute(arguments: [throttle.windowStart(now: now).millisecondsSince1970])
        return changesCount
    }
}
