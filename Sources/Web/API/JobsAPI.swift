import Core
import Foundation
import HTTP

/// Jobs for people and programs: `GET /api/v1/jobs/{id}` (with its steps), `GET /api/v1/jobs/{id}/log`
/// (text; `?offset=` to read on, `X-Log-Size` says how much there is), `GET /api/v1/machines/{id}/jobs`.
struct JobsAPI: Sendable {
    let jobs: JobOperations
    let machines: MachineOperations

    func show(_ request: Request) async throws -> Response {
        let (job, steps, machine) = try await jobs.job(try request.id(noun: "job"), caller: try request.caller())
        return WireJSON.response(Self.json(job, steps: steps, hostname: machine.hostname))
    }

    func list(_ request: Request) async throws -> Response {
        let items = try await machines.jobs(try request.id(noun: "machine"), caller: try request.caller())
        return WireJSON.response(WireJSON.list(items.map { Self.json($0, steps: nil, hostname: nil) }))
    }

    func log(_ request: Request) async throws -> Response {
        let offsetText = request.query("offset") ?? "0"
        guard let offset = Int64(offsetText), offset >= 0 else {
            throw AppError(.invalid, "offset must be a whole number of bytes", field: "offset")
        }
        let (bytes, total) = try await jobs.log(try request.id(noun: "job"), from: offset, caller: try request.caller())
        var response = Response(status: .ok, contentType: "text/plain; charset=utf-8", bytes: bytes)
        response.headers["X-Log-Size"] = String(total)
        return response
    }

    static func json(_ job: Job, steps: [StepRecord]?, hostname: String?) -> JSONValue {
        var value: [String: JSONValue] = [
            "id": WireJSON.id(job.id), "releaseID": WireJSON.id(job.releaseID), "machineID": WireJSON.id(job.machineID),
            "batch": .int(Int64(job.batch)), "action": .string(job.action.rawValue), "state": .string(job.state.rawValue),
            "attempt": .int(Int64(job.attempt)), "version": .string(job.spec.version),
            "message": job.message.map(JSONValue.string) ?? .null, "deliveredAt": WireJSON.date(job.deliveredAt),
            "startedAt": WireJSON.date(job.startedAt), "finishedAt": WireJSON.date(job.finishedAt),
            "logBytes": .int(job.logBytes),
        ]
        if let hostname { value["hostname"] = .string(hostname) }
        if let steps {
            value["steps"] = .array(steps.map { step in
                [
                    "step": .string(step.step.rawValue), "startedAt": WireJSON.date(step.startedAt),
                    "finishedAt": WireJSON.date(step.finishedAt), "outcome": step.outcome.map { .string($0.rawValue) } ?? .null,
                    "exitStatus": step.exitStatus.map { .int(Int64($0)) } ?? .null,
                    "message": step.message.map(JSONValue.string) ?? .null,
                ]
            })
        }
        return .object(value)
    }
}
