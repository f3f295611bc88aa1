import Core
import Foundation
import GRDB
import Storage

/// Applies the state machine's steps to the database, inside one write transaction: the engine
/// acts (wakes agents, tells subscribers) only after these writes commit.
enum ReleaseSteps {
    struct Outcome {
        var release: Release
        /// Machines with newly runnable jobs and no poll parked: wake them, and they read the store.
        var woken: [Int64] = []
        /// Jobs already recorded as delivered to the session of a poll parked for their machine.
        var handed: [Handoff] = []
        var changed = false
    }

    struct Handoff {
        let machineID: Int64
        let session: String
        let jobs: [AgentJob]
    }

    /// Steps `releaseID` until the machine says wait (at most `limit` steps, so a rule that never
    /// settles cannot hold the writer). `parkedSessions` names the sessions of polls parked for
    /// machines: their jobs are delivered in this transaction, to be handed over after it commits.
    static func advance(_ db: Database, releaseID: Int64, now: Date, limit: Int = 64,
                        parkedSessions: ([Int64]) -> [Int64: String] = { _ in [:] }) throws -> Outcome {
        var outcome = Outcome(release: try db.release(id: releaseID))
        for _ in 0..<limit {
            let step = ReleaseMachine.next(outcome.release, tally: try db.releaseTally(id: releaseID), now: now)
            if step == .wait { break }
            try apply(step, to: &outcome, db, now: now, parkedSessions: parkedSessions)
        }
        return outcome
    }

    private static func apply(_ step: ReleaseMachine.Step, to outcome: inout Outcome, _ db: Database, now: Date,
                              parkedSessions: ([Int64]) -> [Int64: String]) throws {
        var release = outcome.release
        switch step {
        case .wait:
            return
        case .dispatch(let phase, let batch, let count):
            let machines = try db.dispatchJobs(releaseID: release.id, phase: phase, batch: batch, count: count, now: now,
                                               hostTimeout: release.strategy.hostTimeout)
            if machines.isEmpty { throw AppError(.conflict, "release \(release.id): nothing left to dispatch") }
            let sessions = parkedSessions(machines)
            for machineID in machines {
                guard let session = sessions[machineID] else {
                    outcome.woken.append(machineID)
                    continue
                }
                let jobs = try db.deliverJobs(machineID: machineID, session: session, now: now)
                if jobs.isEmpty { outcome.woken.append(machineID) } else {
                    outcome.handed.append(Handoff(machineID: machineID, session: session, jobs: jobs))
                }
            }
            outcome.changed = true
            return
        case .advance(let batch):
            release.currentBatch = batch
            release.message = nil
        case .pause(let batch, let resumeAt, let message):
            release.state = .paused
            release.currentBatch = batch
            release.resumeAt = resumeAt
            release.message = message
        case .resume:
            release.state = .running
            release.resumeAt = nil
            release.message = nil
        case .stop(let message):
            release.state = .stopping
            release.message = message
        case .startUndo:
            let undone = try createUndoJobs(release, db)
            if undone == 0 {
                release.message = (release.message ?? "failed") + "; no host had been switched, nothing to roll back"
                finish(&release, .failed, message: release.message!, now: now)
                try audit(release, db, now: now)
            } else {
                release.state = .rollingBack
            }
        case .finish(let state, let message):
            finish(&release, state, message: message, now: now)
            try audit(release, db, now: now)
        }
        outcome.release = try db.saveRelease(release, now: now)
        outcome.changed = true
    }

    private static func finish(_ release: inout Release, _ state: Release.State, message: String, now: Date) {
        release.state = state
        release.message = message
        release.resumeAt = nil
        release.finishedAt = now
    }

    private static func audit(_ release: Release, _ db: Database, now: Date) throws {
        let tally = try db.releaseTally(id: release.id)
        try db.appendAudit(AuditEntry(
            at: now, actor: "system", action: "release.finish", targetType: "release", targetID: String(release.id),
            detail: ["state": .string(release.state.rawValue), "message": .string(release.message ?? ""),
                     "succeeded": .int(Int64(tally.count(.main, state: .succeeded))),
                     "failed": .int(Int64(tally.failures(.main)))]))
    }

    /// One undo job per switched host that has an earlier release to return to; how many.
    private static func createUndoJobs(_ release: Release, _ db: Database) throws -> Int {
        var count = 0
        for host in try db.switchedMachines(releaseID: release.id) {
            guard let previous = try db.previousInstall(machineID: host.machineID, applicationID: release.applicationID,
                                                        before: release.id) else { continue }
            let spec = AgentJob(id: 0, releaseID: release.id, action: .rollback, application: release.target,
                                environment: release.environmentName, version: previous.version,
                                targetRelease: previous.release, package: nil)
            try db.createJob(releaseID: release.id, machineID: host.machineID, batch: host.batch, spec: spec, phase: .undo,
                             state: .pending)
            count += 1
        }
        return count
    }
}
