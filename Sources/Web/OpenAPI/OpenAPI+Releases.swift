import Core

// The releases area: start, follow, act on and roll back releases.
extension OpenAPIArea {
    private static let releaseStates = JSONSchema.enumeration(Release.State.allCases.map(\.rawValue))
    private static let amount: JSONValue = ["oneOf": [["type": "integer", "minimum": 0], ["type": "string", "pattern": "^[0-9]+%$"]],
                                            "description": "A count, or a percentage such as `\"25%\"`"]
    private static let counts = JSONSchema.object(
        Dictionary(uniqueKeysWithValues: (["total"] + Job.State.allCases.map(\.rawValue)).map { ($0, JSONSchema.integer) }),
        description: "Hosts by the state of their current job")

    private static func act(_ action: String, _ summary: String, errors: [Int] = [409], body: JSONValue? = nil) -> OpenAPIOperation {
        .write(.post, "/api/v1/releases/:id/\(action)", summary, body: body, bodyRequired: false, returns: JSONSchema.ref("Release"),
               errors: errors + (body == nil ? [] : [422]))
    }

    static let releases = OpenAPIArea(tag: "releases", description: "Releases: a version of an application to one environment, batch by batch", operations: [
        .write(.post, "/api/v1/releases", "Start a release", body: JSONSchema.object([
            "application": JSONSchema.string, "version": JSONSchema.string, "environment": JSONSchema.string("The environment's name"),
            "strategy": JSONSchema.ref("ReleaseStrategy"), "machines": JSONSchema.array(JSONSchema.id),
            "overrideReason": JSONSchema.string("An admin's reason for skipping the promotion gate"),
        ], required: ["application", "version", "environment"]), status: 201, returns: JSONSchema.ref("Release"), errors: [404, 409, 422],
            description: "409 names the unfinished release in the way, or the promotion gate; a protected environment starts `awaitingApproval`."),
        .get("/api/v1/releases", "Releases, newest first", returns: JSONSchema.page(of: JSONSchema.ref("Release")), parameters: [
            OpenAPIDocument.query("application", "The application's name"), OpenAPIDocument.query("environment", "The environment's name"),
            OpenAPIDocument.query("state", "Comma-separated states"),
        ] + OpenAPIDocument.page, errors: [422]),
        .get("/api/v1/releases/:id", "A release with its host counts", returns: JSONSchema.ref("Release"), parameters: [
            OpenAPIDocument.query("wait", "Answer once the release is finished, or after this many seconds (0–300) as it stands",
                                  schema: ["type": "integer", "minimum": 0, "maximum": 300]),
        ], errors: [422]),
        .get("/api/v1/releases/:id/hosts", "The release's hosts, failures first", returns: JSONSchema.page(of: JSONSchema.ref("ReleaseHost")),
             parameters: [OpenAPIDocument.query("state", "Only hosts whose job is in this state",
                                                schema: JSONSchema.enumeration(Job.State.allCases.map(\.rawValue)))] + OpenAPIDocument.page,
             errors: [422]),
        OpenAPIOperation(method: .get, path: "/api/v1/releases/:id/events", summary: "Live progress as server-sent events",
                         description: "Events `release` (the release as `GET` gives it) and `host` (one host's job); the stream ends when the release is finished.",
                         status: 200, returns: JSONSchema.string("text/event-stream"), contentType: "text/event-stream"),
        act("approve", "Approve a release awaiting approval (someone other than the requester)", errors: [409]),
        act("pause", "Stop dispatching new hosts"),
        act("resume", "Go on after a pause"),
        act("abort", "Abort: cancel what has not started; `stop` also tells running hosts to stop",
            body: JSONSchema.object(["mode": JSONSchema.enumeration(Release.AbortMode.allCases.map(\.rawValue))], required: [])),
        act("retry", "Give failed, unreachable and cancelled hosts a new attempt"),
        .write(.post, "/api/v1/releases/:id/rollback", "Return the hosts a finished release switched to what they ran before",
               status: 201, returns: JSONSchema.ref("Release"), errors: [409]),
    ], schemas: [
        "ReleaseStrategy": JSONSchema.object([
            "batchSize": ["oneOf": [amount, JSONSchema.array(amount)], "description": "One size, or growing steps such as `[1,\"10%\",\"100%\"]`"],
            "maxParallel": JSONSchema.integer("Jobs at once within a batch", minimum: 1), "failureLimit": amount,
            "pause": JSONSchema.enumeration(["none", "afterFirst", "afterEach"]), "autoRollback": JSONSchema.boolean,
            "byDatacenter": JSONSchema.boolean, "bake": JSONSchema.nullable(JSONSchema.integer("Seconds a pause lasts before resuming itself")),
            "hostTimeout": JSONSchema.integer("Seconds a host may take to report", minimum: 1),
        ], required: [], description: "How a release rolls out; unknown keys are refused (422)"),
        "Release": JSONSchema.object(releaseProperties, required: releaseProperties.keys.filter { !["hosts", "batches", "undo"].contains($0) }.sorted(),
                                     description: "`hosts`, `batches` and `undo` are in answers about one release, not in lists"),
        "ReleaseHost": JSONSchema.extending("Job", with: [
            "hostname": JSONSchema.string, "datacenter": JSONSchema.string,
            "phase": JSONSchema.enumeration(Job.Phase.allCases.map(\.rawValue)), "queuedAt": JSONSchema.nullable(JSONSchema.timestamp),
        ]),
    ])

    private static let releaseProperties: [String: JSONValue] = [
        "id": JSONSchema.id, "application": JSONSchema.string, "applicationID": JSONSchema.id, "groupID": JSONSchema.id,
        "version": JSONSchema.string, "packageID": JSONSchema.id, "environment": JSONSchema.string, "environmentID": JSONSchema.id,
        "state": releaseStates, "finished": JSONSchema.boolean, "message": JSONSchema.nullable(JSONSchema.string),
        "strategy": JSONSchema.ref("ReleaseStrategy"), "requestedBy": JSONSchema.string("Login"),
        "approvedBy": JSONSchema.nullable(JSONSchema.string("Login")), "approvedAt": JSONSchema.nullable(JSONSchema.timestamp),
        "rollbackOf": JSONSchema.nullable(JSONSchema.id), "previousPackageID": JSONSchema.nullable(JSONSchema.id),
        "overrideReason": JSONSchema.nullable(JSONSchema.string), "batchCount": JSONSchema.integer, "currentBatch": JSONSchema.integer,
        "resumeAt": JSONSchema.nullable(JSONSchema.timestamp),
        "abortMode": JSONSchema.nullable(JSONSchema.enumeration(Release.AbortMode.allCases.map(\.rawValue))),
        "revision": JSONSchema.integer, "createdAt": JSONSchema.timestamp, "startedAt": JSONSchema.nullable(JSONSchema.timestamp),
        "finishedAt": JSONSchema.nullable(JSONSchema.timestamp),
        "hosts": counts, "batches": JSONSchema.array(counts), "undo": JSONSchema.nullable(counts),
    ]
}
