import Core

// The applications area (how a product is installed and run) and its package versions.
extension OpenAPIArea {
    private static func applicationBody(required: [String]) -> JSONValue {
        JSONSchema.object([
            "name": JSONSchema.string("`[a-z0-9._-]`, unique; a directory on the hosts"), "groupID": JSONSchema.id,
            "runAs": JSONSchema.string, "installRoot": JSONSchema.string, "startCommand": JSONSchema.string,
            "stopCommand": JSONSchema.string, "healthCheck": JSONSchema.nullable(JSONSchema.ref("HealthCheck")),
            "keepReleases": JSONSchema.integer("Releases kept on each host (default 5)", minimum: 1),
            "defaultStrategy": JSONSchema.ref("ReleaseStrategy"),
        ], required: required)
    }

    static let applications = OpenAPIArea(tag: "applications", description: "Applications, addressed by name", operations: [
        .get("/api/v1/applications", "The applications the caller can see, by name",
             returns: JSONSchema.page(of: JSONSchema.ref("Application")), parameters: OpenAPIDocument.page, errors: [422]),
        .write(.post, "/api/v1/applications", "Create an application (owners of its group)",
               body: applicationBody(required: ["name", "groupID", "runAs", "installRoot"]), status: 201,
               returns: JSONSchema.ref("Application"), errors: [404, 409, 422]),
        .get("/api/v1/applications/:name", "An application", returns: JSONSchema.ref("Application")),
        .write(.patch, "/api/v1/applications/:name", "Change an application (`healthCheck: null` removes the check)",
               body: applicationBody(required: []), returns: JSONSchema.ref("Application"), errors: [409, 422]),
        .write(.delete, "/api/v1/applications/:name", "Delete an application that was never released", status: 204, errors: [409]),
    ], schemas: [
        "Application": JSONSchema.object([
            "id": JSONSchema.id, "name": JSONSchema.string, "groupID": JSONSchema.id, "runAs": JSONSchema.string,
            "installRoot": JSONSchema.string, "startCommand": JSONSchema.string, "stopCommand": JSONSchema.string,
            "healthCheck": JSONSchema.nullable(JSONSchema.ref("HealthCheck")), "keepReleases": JSONSchema.integer,
            "defaultStrategy": JSONSchema.ref("ReleaseStrategy"),
        ]),
        "HealthCheck": JSONSchema.object([
            "type": JSONSchema.enumeration(["http", "tcp", "command"]), "url": JSONSchema.string("http: the URL to GET"),
            "expectedStatus": JSONSchema.integer, "port": JSONSchema.integer("tcp: the port to connect to"),
            "command": JSONSchema.string("command: run with /bin/sh -c; exit 0 passes"),
            "interval": JSONSchema.integer("seconds"), "timeout": JSONSchema.integer("seconds"), "retries": JSONSchema.integer,
        ], required: ["type"]),
    ])

    private static let packagePath = "/api/v1/applications/:name/packages/:version"

    static let packages = OpenAPIArea(tag: "packages", description: "Immutable package versions of an application", operations: [
        .get("/api/v1/applications/:name/packages", "Versions, newest first", returns: JSONSchema.page(of: JSONSchema.ref("Package")),
             parameters: OpenAPIDocument.page, errors: [422]),
        OpenAPIOperation(
            method: .put, path: packagePath, summary: "Upload a version (a .tar.gz, streamed)",
            description: "Optional headers, percent-encoded UTF-8: `X-Capstan-SHA256` (a mismatch is 422), `X-Capstan-Commit`, `X-Capstan-Branch`, `X-Capstan-Build-URL`, `X-Capstan-Notes`. 200 when the same bytes are already stored under the version.",
            parameters: ["X-Capstan-SHA256", "X-Capstan-Commit", "X-Capstan-Branch", "X-Capstan-Build-URL", "X-Capstan-Notes"].map {
                ["name": .string($0), "in": "header", "required": false, "schema": JSONSchema.string]
            },
            body: .binary("The package archive (gzip-compressed tar)"), status: 201, returns: JSONSchema.ref("Package"),
            errors: [200, 409, 413, 422, 507]),
        .get(packagePath, "A version", returns: JSONSchema.ref("Package")),
        OpenAPIOperation(
            method: .get, path: packagePath + "/download", summary: "The version's bytes",
            description: "`ETag` is the SHA-256; `Range` and `If-Range` work (206, 416); `If-None-Match` answers 304.",
            parameters: [["name": "Range", "in": "header", "required": false, "schema": JSONSchema.string]],
            status: 200, returns: ["type": "string", "contentMediaType": "application/gzip"], contentType: "application/gzip",
            errors: [206, 304, 416]),
    ], schemas: [
        "Package": JSONSchema.object([
            "application": JSONSchema.string, "version": JSONSchema.string, "sha256": JSONSchema.string, "size": JSONSchema.integer,
            "createdAt": JSONSchema.timestamp, "createdBy": JSONSchema.string("The login of the uploader"),
            "metadata": JSONSchema.object(["commit": JSONSchema.nullable(JSONSchema.string), "branch": JSONSchema.nullable(JSONSchema.string),
                                           "buildURL": JSONSchema.nullable(JSONSchema.string), "notes": JSONSchema.nullable(JSONSchema.string)]),
        ]),
    ])
}
