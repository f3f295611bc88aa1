import Core
import Engine
import Foundation
import Logging
import Storage

extension App {
    /// On a database without users, creates `admin` with a random password and logs it once, at
    /// notice level, for the operator to sign in with and change. Hashing runs off the event loops.
    /// A failure is logged, not fatal: the server still starts and `/healthz` reports the database.
    static func createFirstAdmin(_ store: Store, access: AccessSettings, logger: Logger) async {
        let result = await Offload.run { Result { try store.createFirstAdminIfEmpty(now: access.now(), hasher: access.hasher) } }
        switch result {
        case .success(let password?):
            logger.notice("first start: created user admin with password \(password); change it after signing in")
        case .success(nil):
            return
        case .failure(let error):
            logger.error("cannot create the first admin", metadata: ["error": "\(error)"])
        }
    }

    /// The housekeeping `App` runs every `access.sweepInterval`: deletes sessions expired at
    /// `access.now()` and sign-in failures older than the throttle counts. A failure is logged; the
    /// next run tries again.
    static func makeSweeper(_ store: Store, access: AccessSettings, logger: Logger) -> Sweeper {
        Sweeper(every: access.sweepInterval) {
            let now = access.now()
            do {
                let (sessions, failures) = try await store.write { db in
                    (try db.deleteExpiredSessions(now: now), try db.pruneSignInFailures(now: now, throttle: access.throttle))
                }
                logger.debug("swept", metadata: ["sessions": "\(sessions)", "sign-in failures": "\(failures)"])
            } catch {
                logger.error("cannot sweep expired sessions and sign-in failures", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Runs package retention every `PackageRetentionSweep.interval`; a failure is logged and the next
    /// run tries again.
    static func makePackageSweeper(_ sweep: PackageRetentionSweep, now: @escaping @Sendable () -> Date, logger: Logger) -> Sweeper {
        Sweeper(every: PackageRetentionSweep.interval) {
            do {
                let outcome = try await sweep.run(now: now())
                for package in outcome.removed {
                    logger.info("deleted package", metadata: ["application": "\(package.application)", "version": "\(package.version)"])
                }
                logger.debug("swept packages", metadata: ["versions": "\(outcome.removed.count)", "files": "\(outcome.deletedFiles)"])
            } catch {
                logger.error("cannot sweep package versions", metadata: ["error": "\(error)"])
            }
        }
    }
}
