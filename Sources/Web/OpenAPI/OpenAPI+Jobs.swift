import Core

// The jobs area (one host's part of a release, with steps and log) and the API's own routes.
extension OpenAPIArea {
    static let jobs = OpenAPIArea(tag: "jobs", description: "Jobs: what one agent ran for a release", operations: [
        .get("/api/v1/jobs/:id", "A job with its steps", returns: JSONSchema.extending("Job", with: [
            "hostname": JSONSchema.string, "steps": JSONSchema.array(JSONSchema.object([
                "step": JSONSchema.enumeration(JobStep.allCases.map(\.rawValue)), "startedAt": JSONSchema.nullable(JSONSchema.timestamp),
                "finishedAt": JSONSchema.nullable(JSONSchema.timestamp),
                "outcome": JSONSchema.nullable(JSONSchema.enumeration(JobOutcome.allCases.map(\.rawValue))),
                "exitStatus": JSONSchema.nullable(JSONSchema.integer), "message": JSONSchema.nullable(JSONSchema.string),
            ])),
        ])),
        OpenAPIOperation(method: .get, path: "/api/v1/jobs/:id/log", summary: "The job's output as text",
                         description: "`X-Log-Size` says how many bytes there are; `offset` reads on from there.",
                         parameters: [OpenAPIDocument.query("offset", "Bytes to skip", schema: ["type": "integer", "minimum": 0])],
                         status: 200, returns: JSONSchema.string, contentType: "text/plain", errors: [422]),
        .get("/api/v1/machines/:id/jobs", "The machine's jobs, newest first", returns: JSONSchema.page(of: JSONSchema.ref("Job"))),
    ], schemas: [
        "Job": JSONSchema.object([
            "id": JSONSchema.id, "releaseID": JSONSchema.id, "machineID": JSONSchema.id, "batch": JSONSchema.integer,
            "action": JSONSchema.enumeration(AgentJob.Action.allCases.map(\.rawValue)),
            "state": JSONSchema.enumeration(Job.State.allCases.map(\.rawValue)), "attempt": JSONSchema.integer, "version": JSONSchema.string,
            "message": JSONSchema.nullable(JSONSchema.string), "deliveredAt": JSONSchema.nullable(JSONSchema.timestamp),
            "startedAt": JSONSchema.nullable(JSONSchema.timestamp), "finishedAt": JSONSchema.nullable(JSONSchema.timestamp),
            "logBytes": JSONSchema.integer,
        ]),
    ])

    static let meta = OpenAPIArea(tag: "meta", description: "The API itself", operations: [
        OpenAPIOperation(method: .get, path: "/api/v1/ping", summary: "A signed-in no-op, for checking a token and for benchmarks",
                         status: 200, returns: JSONSchema.object(["pong": ["const": true]])),
        .get(OpenAPIDocument.path, "This document", returns: JSONSchema.freeObject),
    ])
}
