import Core

// The fleet areas: product groups (members, enrollment tokens), environments and the audit log.
extension OpenAPIArea {
    static let groups = OpenAPIArea(tag: "groups", description: "Product groups: a tree; roles on a group apply to its subgroups", operations: [
        .get("/api/v1/groups", "The groups the caller can see", returns: JSONSchema.page(of: JSONSchema.ref("Group"))),
        .write(.post, "/api/v1/groups", "Create a group (top level: admins; a subgroup: owners of the parent)",
               body: groupBody(required: ["name"]), status: 201, returns: JSONSchema.ref("Group"), errors: [409, 422]),
        .get("/api/v1/groups/:id", "A group", returns: JSONSchema.ref("Group")),
        .write(.patch, "/api/v1/groups/:id", "Rename, describe or move a group (`parentID` null: to the top level)",
               body: groupBody(required: []), returns: JSONSchema.ref("Group"), errors: [409, 422]),
        .write(.delete, "/api/v1/groups/:id", "Delete a group without subgroups, machines or applications", status: 204, errors: [409]),
        .get("/api/v1/groups/:id/members", "The group's direct members", returns: JSONSchema.page(of: JSONSchema.object(
            ["userID": JSONSchema.id, "login": JSONSchema.string, "name": JSONSchema.string,
             "role": JSONSchema.enumeration(Role.allCases.map(\.rawValue))]))),
        .get("/api/v1/groups/:id/enrollment-tokens", "The group's enrollment tokens (owners)",
             returns: JSONSchema.page(of: JSONSchema.ref("EnrollmentToken")), errors: [403]),
        .write(.post, "/api/v1/groups/:id/enrollment-tokens", "Create an enrollment token; its secret is in this answer only",
               body: JSONSchema.object(["environmentID": JSONSchema.id, "uses": JSONSchema.integer("hosts that may enroll with it", minimum: 1),
                                        "expiresAt": JSONSchema.timestamp]),
               status: 201, returns: JSONSchema.extending("EnrollmentToken", with: ["token": JSONSchema.string("The secret, shown once")]),
               errors: [422]),
        .write(.delete, "/api/v1/enrollment-tokens/:id", "Revoke an enrollment token", status: 204),
    ], schemas: [
        "Group": JSONSchema.object(["id": JSONSchema.id, "name": JSONSchema.string, "parentID": JSONSchema.nullable(JSONSchema.id),
                                    "description": JSONSchema.string]),
        "EnrollmentToken": JSONSchema.object(["id": JSONSchema.id, "groupID": JSONSchema.id, "environmentID": JSONSchema.id,
                                              "usesLeft": JSONSchema.integer, "expiresAt": JSONSchema.timestamp]),
    ])

    private static func groupBody(required: [String]) -> JSONValue {
        JSONSchema.object(["name": JSONSchema.string, "description": JSONSchema.string, "parentID": JSONSchema.nullable(JSONSchema.id)],
                          required: required)
    }

    static let environments = OpenAPIArea(tag: "environments", description: "Environments ranked for promotion; writes are the admin's", operations: [
        .get("/api/v1/environments", "Every environment, by rank", returns: JSONSchema.page(of: JSONSchema.ref("Environment"))),
        .write(.post, "/api/v1/environments", "Create an environment", body: environmentBody(required: ["name", "rank"]),
               status: 201, returns: JSONSchema.ref("Environment"), errors: [409, 422]),
        .write(.patch, "/api/v1/environments/:id", "Change an environment", body: environmentBody(required: []),
               returns: JSONSchema.ref("Environment"), errors: [409, 422]),
        .write(.delete, "/api/v1/environments/:id", "Delete an environment no machine or release uses", status: 204, errors: [409]),
    ], schemas: [
        "Environment": JSONSchema.object(["id": JSONSchema.id, "name": JSONSchema.string, "rank": JSONSchema.integer,
                                          "isProtected": JSONSchema.boolean, "needsApproval": JSONSchema.boolean]),
    ])

    private static func environmentBody(required: [String]) -> JSONValue {
        JSONSchema.object(["name": JSONSchema.string, "rank": JSONSchema.integer, "isProtected": JSONSchema.boolean,
                           "needsApproval": JSONSchema.boolean], required: required)
    }

    static let audit = OpenAPIArea(tag: "audit", description: "The append-only, hash-chained audit log (admins and auditors)", operations: [
        .get("/api/v1/audit", "Audit rows, newest first", returns: JSONSchema.page(of: JSONSchema.ref("AuditRecord")),
             parameters: [
                 OpenAPIDocument.query("actor", "Rows by this actor"), OpenAPIDocument.query("action", "e.g. `release.create`"),
                 OpenAPIDocument.query("targetType", "e.g. `release`"), OpenAPIDocument.query("targetID", "The target's id"),
                 OpenAPIDocument.query("from", "From this time", schema: JSONSchema.timestamp),
                 OpenAPIDocument.query("to", "Until this time", schema: JSONSchema.timestamp),
             ] + OpenAPIDocument.page, errors: [403, 422]),
    ], schemas: [
        "AuditRecord": JSONSchema.object([
            "id": JSONSchema.id, "at": JSONSchema.timestamp, "actor": JSONSchema.string, "action": JSONSchema.string,
            "targetType": JSONSchema.nullable(JSONSchema.string),
            "targetID": JSONSchema.nullable(JSONSchema.string("The target's id, or its name where it has no id")),
            "detail": JSONSchema.freeObject, "remoteAddress": JSONSchema.nullable(JSONSchema.string),
            "hash": JSONSchema.string, "previousHash": JSONSchema.string,
        ]),
    ])
}
