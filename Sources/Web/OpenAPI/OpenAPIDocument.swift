import Core

/// The OpenAPI 3.1 description of `/api/v1`, served at `GET /api/openapi.json`: every area's
/// operations, the shared error shape, the two ways to sign in and the cursor page.
///
/// Built once from Swift values next to the code it describes (one `OpenAPI+Noun.swift` per area),
/// so a new route and its description land in the same change; the tests hold the router and this
/// document to each other.
struct OpenAPIDocument: Sendable {
    /// Where the server answers the document.
    static let path = "/api/openapi.json"

    static let areas: [OpenAPIArea] = [
        .account, .users, .tokens, .groups, .environments, .machines, .audit, .applications, .packages, .releases, .jobs,
        .webhooks, .statistics, .exports, .meta,
    ]

    /// The shared error answers (`components/responses`), each with when it happens.
    static let errorResponses: [Int: String] = [
        400: "The request or its JSON body could not be parsed",
        401: "No valid session or API token",
        403: "Signed in, but the role, token scope or CSRF token does not allow it",
        404: "No such object, or one in a group the caller cannot see",
        409: "It conflicts with the current state (a name taken, a release in the way)",
        413: "The body is larger than the route accepts",
        422: "A value was refused; `field` names it",
        429: "Too many attempts; `Retry-After` says when to try again",
        507: "The server's disk is full",
    ]

    let areas: [OpenAPIArea]

    init(areas: [OpenAPIArea] = Self.areas) {
        self.areas = areas
    }

    var operations: [OpenAPIOperation] { areas.flatMap(\.operations) }

    var json: JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for area in areas {
            for operation in area.operations {
                paths[operation.openAPIPath, default: [:]][operation.method.rawValue.lowercased()] = operation.rendered(tag: area.tag)
            }
        }
        var schemas = Self.sharedSchemas
        for area in areas { schemas.merge(area.schemas) { first, _ in first } }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Capstan API", "version": .string(capstanVersion),
                "description": "Releases, packages and the fleet for CI and scripts. Every route needs a bearer token or a session; errors are one shape, `Error`.",
            ],
            "servers": [["url": "/"]],
            "tags": .array(areas.map { ["name": .string($0.tag), "description": .string($0.description)] }),
            "paths": .object(paths.mapValues(JSONValue.object)),
            "components": [
                "schemas": .object(schemas),
                "responses": .object(Dictionary(uniqueKeysWithValues: Self.errorResponses.map { code, text in
                    (String(code), ["description": .string(text), "content": ["application/json": ["schema": JSONSchema.ref("Error")]]])
                })),
                "parameters": ["limit": Self.limitParameter, "cursor": Self.cursorParameter],
                "securitySchemes": Self.securitySchemes,
            ],
        ]
    }

    // MARK: - Shared pieces

    /// `?limit=` and `?cursor=` of every cursor-paged list.
    static let page: [JSONValue] = [["$ref": "#/components/parameters/limit"], ["$ref": "#/components/parameters/cursor"]]

    static func query(_ name: String, _ description: String, schema: JSONValue = JSONSchema.string) -> JSONValue {
        ["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": schema]
    }

    private static let limitParameter = query("limit", "Items per page (each list says its range; 422 outside it)",
                                              schema: ["type": "integer", "minimum": 1])
    private static let cursorParameter = query(
        "cursor", "The `nextCursor` of the page before; opaque, and only valid with the same filters and sort")

    private static let securitySchemes: JSONValue = [
        "bearerToken": ["type": "http", "scheme": "bearer", "description": "An API token from `POST /api/v1/tokens` or the Tokens page"],
        "sessionCookie": ["type": "apiKey", "in": "cookie", "name": .string(SessionCookie.name),
                          "description": "The browser session from `/signin`"],
        "csrfToken": ["type": "apiKey", "in": "header", "name": .string(CSRFCheck.header),
                      "description": "The session's CSRF token; every write made with the session cookie must carry it"],
    ]

    private static let sharedSchemas: [String: JSONValue] = [
        "ID": ["type": "string", "pattern": "^[1-9][0-9]*$", "description": "A row id, always a string of digits", "examples": ["42"]],
        "Timestamp": ["type": "string", "format": "date-time", "pattern": "Z$",
                      "description": "RFC 3339 in UTC", "examples": ["2026-03-01T12:00:00Z"]],
        "Cursor": JSONSchema.nullable(JSONSchema.string("Pass as `cursor` for the next page; null on the last page")),
        "Error": JSONSchema.object([
            "error": JSONSchema.object([
                "code": JSONSchema.string("What went wrong, for programs: " + (AppError.Code.allCases.map(\.rawValue) + ["badRequest", "internal"]).map { "`\($0)`" }.joined(separator: ", ") + ", …"),
                "message": JSONSchema.string("For people; never a stack trace or SQL"),
                "field": JSONSchema.string("The input field the message is about (422)"),
                "requestID": JSONSchema.string("With 500: the id to find in the server's log"),
            ], required: ["code", "message"]),
        ], description: "The one error shape of the API"),
    ]
}
