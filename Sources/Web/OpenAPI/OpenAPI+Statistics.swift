import Core

// Statistics, the version map and the exports for auditors.
extension OpenAPIArea {
    private static let filters = [
        OpenAPIDocument.query("group", "A group id; its subgroups count too (404 when unknown or hidden)"),
        OpenAPIDocument.query("application", "An application name (404 when unknown or hidden)"),
        OpenAPIDocument.query("environment", "An environment name (404 when unknown)"),
    ]
    private static let period = [
        OpenAPIDocument.query("from", "First day, YYYY-MM-DD in UTC (default: 29 days before `to`)"),
        OpenAPIDocument.query("to", "Last day, YYYY-MM-DD in UTC, included (default: today; at most 366 days)"),
    ]
    /// Seconds (to the millisecond), or null when there is nothing to measure.
    private static let seconds: JSONValue = ["oneOf": [["type": "number"], ["type": "null"]]]
    private static let rate: JSONValue = ["oneOf": [["type": "number", "minimum": 0, "maximum": 1], ["type": "null"]]]
    private static let counts: [String: JSONValue] = [
        "started": JSONSchema.integer, "succeeded": JSONSchema.integer, "failed": JSONSchema.integer,
        "rolledBack": JSONSchema.integer, "aborted": JSONSchema.integer, "inProgress": JSONSchema.integer,
    ]
    private static let durations = JSONSchema.object(["p50": seconds, "p95": seconds])
    private static let trend = JSONSchema.object([
        "slopePerWeek": seconds, "direction": JSONSchema.enumeration(["improving", "worsening", "steady", "unknown"]),
    ])
    private static let step = JSONSchema.enumeration(JobStep.allCases.map(\.rawValue))
    private static let filterEcho: JSONValue = ["type": "object", "description": "The filters as the server understood them"]

    static let statistics = OpenAPIArea(tag: "statistics", description: "How product lines ship: statistics, delivery metrics, versions", operations: [
        .get("/api/v1/stats", "Release statistics and weekly delivery metrics for a group, application, environment and period",
             returns: JSONSchema.object([
                "filter": filterEcho,
                "summary": JSONSchema.object(counts.merging([
                    "successRate": rate, "durationSeconds": durations, "hostsDeployed": JSONSchema.integer,
                    "mostCommonFailingStep": JSONSchema.nullable(step),
                    "failingSteps": JSONSchema.array(JSONSchema.object(["step": step, "count": JSONSchema.integer])),
                ]) { first, _ in first }),
                "days": JSONSchema.array(JSONSchema.object(counts.merging(["date": JSONSchema.string, "durationSeconds": durations]) { first, _ in first })),
                "delivery": JSONSchema.object([
                    "environment": JSONSchema.nullable(JSONSchema.string),
                    "weeks": JSONSchema.array(JSONSchema.object([
                        "start": JSONSchema.string("The week's Monday, YYYY-MM-DD"), "isComplete": JSONSchema.boolean,
                        "deployments": JSONSchema.integer, "leadTimeSeconds": seconds, "changes": JSONSchema.integer,
                        "failedChanges": JSONSchema.integer, "changeFailureRate": rate, "restored": JSONSchema.integer,
                        "unrestored": JSONSchema.integer, "timeToRestoreSeconds": seconds,
                    ])),
                    "trend": JSONSchema.object(["deployments": trend, "leadTimeSeconds": trend, "changeFailureRate": trend,
                                                "timeToRestoreSeconds": trend]),
                ]),
             ]), parameters: filters + period, errors: [404, 422]),
        .get("/api/v1/versions", "Which version runs on how many hosts, per application and environment, and the hosts that differ",
             returns: JSONSchema.object([
                "filter": filterEcho,
                "items": JSONSchema.array(JSONSchema.object([
                    "application": JSONSchema.string, "environment": JSONSchema.string,
                    "expectedVersion": JSONSchema.nullable(JSONSchema.string), "hosts": JSONSchema.integer,
                    "versions": JSONSchema.array(JSONSchema.object(["version": JSONSchema.nullable(JSONSchema.string), "hosts": JSONSchema.integer])),
                    "differingCount": JSONSchema.integer,
                    "differing": JSONSchema.array(JSONSchema.object([
                        "machineID": JSONSchema.id, "hostname": JSONSchema.string, "version": JSONSchema.nullable(JSONSchema.string),
                    ])),
                ])),
             ]), parameters: filters, errors: [404, 422]),
    ])

    private static let exportParameters = [
        OpenAPIDocument.query("format", "csv (the default; RFC 4180 with a BOM and a header row), json (one array) or ndjson",
                              schema: JSONSchema.enumeration(["csv", "json", "ndjson"])),
        OpenAPIDocument.query("from", "From this day (YYYY-MM-DD, UTC) or time (RFC 3339), included"),
        OpenAPIDocument.query("to", "Until this time, excluded (a day means the end of it)"),
    ]

    static let exports = OpenAPIArea(tag: "exports", description: "The release history and the audit trail, streamed for auditors", operations: [
        OpenAPIOperation(method: .get, path: "/api/v1/exports/releases", summary: "Every release (or, with detail=hosts, every job) matching the filters",
                         description: "Streamed in constant memory, oldest first; `Content-Type` follows `format` (text/csv, application/json, application/x-ndjson). Only the caller's groups. Each export is audited.",
                         parameters: exportParameters + [
                            OpenAPIDocument.query("group", "A group name or id, with its subgroups"),
                            OpenAPIDocument.query("application", "An application name"),
                            OpenAPIDocument.query("environment", "An environment name"),
                            OpenAPIDocument.query("detail", "hosts: one record per host and job", schema: JSONSchema.enumeration(["hosts"])),
                         ], status: 200, returns: JSONSchema.string, contentType: "text/csv", errors: [422]),
        OpenAPIOperation(method: .get, path: "/api/v1/exports/audit", summary: "The audit trail with each row's hash, to verify the chain offline",
                         description: "Admins and auditors with a token for all groups. Streamed in chain order; a range is an unbroken stretch of the chain.",
                         parameters: exportParameters, status: 200, returns: JSONSchema.string, contentType: "text/csv", errors: [403, 422]),
    ])
}
