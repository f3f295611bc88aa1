import Foundation
import Testing
import Core

struct SignInThrottleTests {
    let throttle = SignInThrottle.standard
    let now = Date(timeIntervalSince1970: 1_000_000)

    func times(_ count: Int, secondsAgo start: TimeInterval, every step: TimeInterval = 1) -> [Date] {
        (0..<count).map { now.addingTimeInterval(-start + Double($0) * step) }
    }

    @Test("four failures for a login are allowed; the fifth locks it for 15 minutes from the last")
    func loginLimit() {
        #expect(throttle.decide(loginFailures: times(4, secondsAgo: 60), addressFailures: [], now: now) == .allowed)
        let failures = times(5, secondsAgo: 60)
        #expect(throttle.decide(loginFailures: failures, addressFailures: [], now: now)
            == .lockedUntil(failures.last!.addingTimeInterval(15 * 60)))
    }

    @Test("twenty failures from one address lock it")
    func addressLimit() {
        #expect(throttle.decide(loginFailures: [], addressFailures: times(19, secondsAgo: 100), now: now) == .allowed)
        #expect(throttle.decide(loginFailures: [], addressFailures: times(20, secondsAgo: 100), now: now) != .allowed)
    }

    @Test("the lockout ends 15 minutes after the last failure")
    func lockoutEnds() {
        let failures = times(5, secondsAgo: 15 * 60 + 10)
        #expect(throttle.decide(loginFailures: failures, addressFailures: [], now: now) == .allowed)
    }

    @Test("failures spread wider than the window do not add up")
    func spreadOut() {
        let failures = times(5, secondsAgo: 16 * 60, every: 4 * 60)
        #expect(throttle.decide(loginFailures: failures, addressFailures: [], now: now) == .allowed)
    }

    @Test("the later of two lockouts wins")
    func laterWins() {
        let login = times(5, secondsAgo: 300)
        let address = times(20, secondsAgo: 100)
        #expect(throttle.decide(loginFailures: login, addressFailures: address, now: now)
            == .lockedUntil(address.last!.addingTimeInterval(15 * 60)))
    }
}
