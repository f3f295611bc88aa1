import Core

// The access areas: the caller's account, users (admins only) and API tokens.
extension OpenAPIArea {
    private static let role = JSONSchema.enumeration(Role.allCases.map(\.rawValue))
    private static let tokenGroups: JSONValue = ["oneOf": [["const": "all"], JSONSchema.array(JSONSchema.id)],
                                                 "description": "`\"all\"` or the group ids the token is limited to"]

    static let account = OpenAPIArea(tag: "account", description: "Who the caller is; changing one's own password", operations: [
        .get("/api/v1/account", "Who the caller is and their effective roles", returns: JSONSchema.ref("Account"),
             description: "`roles` are effective roles (inheritance, global flags and the token's narrowing applied), so CI can check its token."),
        .write(.post, "/api/v1/account/password", "Change one's own password", body: JSONSchema.object(
            ["currentPassword": JSONSchema.string, "newPassword": JSONSchema.string]), status: 204, errors: [422],
            description: "Every session of the user ends; a browser changing it through its session gets a new cookie."),
    ], schemas: [
        "Account": JSONSchema.object([
            "user": JSONSchema.ref("User"), "credential": JSONSchema.enumeration(["session", "token"]),
            "token": JSONSchema.nullable(JSONSchema.object(["id": JSONSchema.id, "name": JSONSchema.string, "groups": tokenGroups,
                                                            "maxRole": role])),
            "roles": JSONSchema.array(JSONSchema.object(["groupID": JSONSchema.id, "role": role])),
            "canAdminister": JSONSchema.boolean, "canAudit": JSONSchema.boolean,
        ]),
    ])

    static let users = OpenAPIArea(tag: "users", description: "Accounts and their group roles; administrators only", operations: [
        .get("/api/v1/users", "All users, by login", returns: JSONSchema.page(of: JSONSchema.ref("User")), errors: [403]),
        .write(.post, "/api/v1/users", "Create a user", body: JSONSchema.object(
            ["login": JSONSchema.string, "name": JSONSchema.string, "password": JSONSchema.string,
             "isAdmin": JSONSchema.boolean, "isAuditor": JSONSchema.boolean], required: ["login"]),
            status: 201, returns: JSONSchema.ref("User"), errors: [409, 422]),
        .get("/api/v1/users/:id", "A user and their memberships", returns: JSONSchema.extending(
            "User", with: ["memberships": JSONSchema.array(JSONSchema.ref("Membership"))]), errors: [403]),
        .write(.patch, "/api/v1/users/:id", "Rename, change flags, disable or enable a user", body: JSONSchema.object(
            ["name": JSONSchema.string, "isAdmin": JSONSchema.boolean, "isAuditor": JSONSchema.boolean, "disabled": JSONSchema.boolean],
            required: []), returns: JSONSchema.ref("User"), errors: [409, 422]),
        .write(.put, "/api/v1/users/:id/memberships/:groupID", "Give a user a role on a group",
               body: JSONSchema.object(["role": role]), returns: JSONSchema.ref("Membership"), errors: [422]),
        .write(.delete, "/api/v1/users/:id/memberships/:groupID", "Remove a user's role on a group", status: 204),
    ], schemas: [
        "User": JSONSchema.object([
            "id": JSONSchema.id, "login": JSONSchema.string, "name": JSONSchema.string, "isAdmin": JSONSchema.boolean,
            "isAuditor": JSONSchema.boolean, "disabled": JSONSchema.boolean, "disabledAt": JSONSchema.nullable(JSONSchema.timestamp),
            "createdAt": JSONSchema.timestamp,
        ]),
        "Membership": JSONSchema.object(["userID": JSONSchema.id, "groupID": JSONSchema.id, "role": role]),
    ])

    static let tokens = OpenAPIArea(tag: "tokens", description: "The caller's own API tokens", operations: [
        .get("/api/v1/tokens", "The caller's tokens", returns: JSONSchema.page(of: JSONSchema.ref("APIToken"))),
        .write(.post, "/api/v1/tokens", "Create a token (through a session only); its secret is in this answer only",
               body: JSONSchema.object([
                   "name": JSONSchema.string, "groups": tokenGroups, "maxRole": role,
                   "expiresIn": ["oneOf": [JSONSchema.integer("seconds"), JSONSchema.string("e.g. `90d`")]],
                   "expiresAt": JSONSchema.timestamp,
               ], required: ["name", "groups", "maxRole"]),
               status: 201, returns: JSONSchema.extending("APIToken", with: ["token": JSONSchema.string("The secret, shown once")]),
               errors: [409, 422]),
        .write(.delete, "/api/v1/tokens/:id", "Revoke a token; it stops working at once", status: 204),
    ], schemas: [
        "APIToken": JSONSchema.object([
            "id": JSONSchema.id, "name": JSONSchema.string, "groups": tokenGroups, "maxRole": role,
            "expiresAt": JSONSchema.nullable(JSONSchema.timestamp), "lastUsedAt": JSONSchema.nullable(JSONSchema.timestamp),
            "createdAt": JSONSchema.timestamp,
        ]),
    ])
}
