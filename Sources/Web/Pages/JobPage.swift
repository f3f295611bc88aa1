import Core
import Foundation
import HTTP

/// `GET /jobs/{id}`: one job of a release on one machine: what it did, each step with its outcome,
/// and its log (the first `JobOperations.log` chunk, 1 MiB; the rest through the raw log at
/// `/api/v1/jobs/{id}/log?offset=`). Visible to whoever may view the machine's group.
struct JobPage: Sendable {
    let templates: Templates
    let jobs: JobOperations

    func show(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id(noun: "job")
        let (job, steps, machine) = try await jobs.job(id, caller: caller)
        let (log, total) = try await jobs.log(id, from: 0, caller: caller)
        var values: [String: Any] = [
            "id": String(job.id), "releaseID": String(job.releaseID), "machineID": String(machine.id), "hostname": machine.hostname,
            "application": job.spec.application.name, "action": job.action.rawValue, "packageVersion": job.spec.version,
            "state": job.state.rawValue, "attempt": job.attempt, "batch": job.batch + 1, "isUndo": job.phase == .undo,
            "message": job.message ?? "", "log": String(decoding: log, as: UTF8.self), "hasLog": total > 0,
            "logLink": "/api/v1/jobs/\(job.id)/log",
        ]
        values["startedAt"] = job.startedAt.map(RFC3339.string)
        values["finishedAt"] = job.finishedAt.map(RFC3339.string)
        if total > Int64(log.count) {
            values["moreLog"] = ["shown": log.count, "total": total, "link": "/api/v1/jobs/\(job.id)/log?offset=\(log.count)"] as [String: Any]
        }
        values["steps"] = steps.map { step in
            ["step": step.step.rawValue, "startedAt": RFC3339.string(step.startedAt), "finishedAt": step.finishedAt.map(RFC3339.string) ?? "",
             "outcome": step.outcome?.rawValue ?? "running", "exitStatus": step.exitStatus.map(String.init) ?? "", "message": step.message ?? ""]
        }
        let context = PageContext.make(title: "Job \(job.id) on \(machine.hostname)", path: "/releases", caller: caller, values)
        return .html(templates.render(.job, context))
    }
}
