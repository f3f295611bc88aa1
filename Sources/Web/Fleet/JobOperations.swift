import Core
import Foundation
import Storage

/// Reading jobs and their logs for people: a job is visible to whoever may view its machine's
/// group, and a hidden one answers like a missing one.
struct JobOperations: Sendable {
    let store: Store
    let logs: JobLogStore

    func job(_ id: Int64, caller: Caller) async throws -> (job: Job, steps: [StepRecord], machine: Machine) {
        try await store.read { db in
            let job = try db.job(id: id)
            let machine = try db.machine(id: job.machineID)
            try caller.principal.require(.view, in: machine.groupID, orNotFound: AppError(.notFound, "no job with id \(id)"))
            return (job, try db.jobSteps(jobID: id), machine)
        }
    }

    /// Up to 1 MiB of a job's log from `offset`.
    func log(_ id: Int64, from offset: Int64, caller: Caller) async throws -> (bytes: [UInt8], total: Int64) {
        _ = try await job(id, caller: caller)
        return (logs.read(jobID: id, from: offset), logs.size(jobID: id))
    }
}
