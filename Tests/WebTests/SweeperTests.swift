import Core
import Engine
import Foundation
import Storage
import Synchronization
import Testing
@testable import Web

struct SweeperTests {
    @Test("runs its work every interval until stopped", .timeLimit(.minutes(1)))
    func runsPeriodically() async {
        let (runs, continuation) = AsyncStream.makeStream(of: Void.self)
        let sweeper = Sweeper(every: .milliseconds(5)) { continuation.yield() }
        sweeper.start()
        var count = 0
        for await _ in runs {
            count += 1
            if count == 3 { break }
        }
        await sweeper.stop()
        #expect(count == 3)
    }

    @Test("tick runs the work once, without starting")
    func tick() async {
        let count = Atomic<Int>(0)
        let sweeper = Sweeper(every: .seconds(3600)) { count.add(1, ordering: .relaxed) }
        await sweeper.tick()
        await sweeper.stop()
        #expect(count.load(ordering: .relaxed) == 1)
    }

    @Test("the app's sweep deletes expired sessions and sign-in failures too old to count, and keeps the rest")
    func appSweep() async throws {
        try await withRunningApp { app in
            let user = try await app.makeUser("ada")
            let now = app.clock.now()
            let (expiring, lasting) = try await app.store.write { db in
                try db.recordSignInFailure(login: "ada", remoteAddress: "192.0.2.1", at: now)
                try db.recordSignInFailure(login: "ada", remoteAddress: "192.0.2.1", at: now.addingTimeInterval(3600))
                return (try db.createSession(userID: user.id, expiresAt: now.addingTimeInterval(60)).token,
                        try db.createSession(userID: user.id, expiresAt: now.addingTimeInterval(7200)).token)
            }
            app.clock.advance(by: 3600 + 60)
            await app.app.sweeper.tick()
            let later = app.clock.now()
            let (expired, pruned, kept, failures) = try await app.store.write { db in
                (try db.deleteExpiredSessions(now: later), try db.pruneSignInFailures(now: later),
                 try db.session(tokenHash: lasting.hash, now: later), try db.signInDecision(
                    login: "ada", remoteAddress: "-", now: later,
                    throttle: SignInThrottle(maxFailuresPerLogin: 1, maxFailuresPerAddress: 9, window: 3600, lockout: 3600)))
            }
            #expect(expired == 0, "the session expired at +60 s was already swept")
            #expect(pruned == 0, "the failure older than the throttle's window was already swept")
            #expect(kept != nil)
            #expect(failures != .allowed, "the recent failure still counts")
            _ = expiring
        }
    }
}
