import Core
import HTTP

/// One route of the API as the OpenAPI document describes it, keyed by the router's own method and
/// pattern (`/api/v1/groups/:id`), so the completeness test can compare the two directly.
///
/// The errors every route shares are added when rendered, each because the route can really give
/// it: 401 (every route sits behind sign-in), 404 for a path with parameters (an id or name that
/// names nothing, or a hidden object), 400 for a JSON body (unparsable), and 403 for a write (a
/// session without its CSRF token). `errors` adds the route's own (403 roles, 409, 422, …).
struct OpenAPIOperation: Sendable {
    enum Body: Sendable {
        /// A JSON object; `isRequired` false when an empty body is accepted.
        case json(JSONValue, isRequired: Bool = true)
        /// Raw bytes (a package upload).
        case binary(String)
    }

    var method: Method
    var path: String
    var summary: String
    var description: String?
    var parameters: [JSONValue] = []
    var body: Body?
    var status: Int
    /// The success answer's schema; nil for an answer without a body.
    var returns: JSONValue?
    var contentType = "application/json"
    var errors: [Int] = []

    static func get(_ path: String, _ summary: String, returns: JSONValue, parameters: [JSONValue] = [], errors: [Int] = [],
                    description: String? = nil) -> OpenAPIOperation {
        OpenAPIOperation(method: .get, path: path, summary: summary, description: description, parameters: parameters,
                         status: 200, returns: returns, errors: errors)
    }

    static func write(_ method: Method, _ path: String, _ summary: String, body: JSONValue? = nil, bodyRequired: Bool = true,
                      status: Int = 200, returns: JSONValue? = nil, errors: [Int] = [], description: String? = nil) -> OpenAPIOperation {
        OpenAPIOperation(method: method, path: path, summary: summary, description: description,
                         body: body.map { .json($0, isRequired: bodyRequired) }, status: status, returns: returns, errors: errors)
    }

    /// The path in OpenAPI's spelling: `/api/v1/groups/{id}`.
    var openAPIPath: String {
        "/" + path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    var pathParameterNames: [String] {
        path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    var isWrite: Bool { method != .get && method != .head }

    /// Every status this operation documents: the success, the shared errors and its own.
    var statuses: [Int] {
        var all: Set<Int> = [status, 401]
        if !pathParameterNames.isEmpty { all.insert(404) }
        if case .json = body { all.insert(400) }
        if isWrite { all.insert(403) }
        all.formUnion(errors)
        return all.sorted()
    }

    /// The operation object.
    func rendered(tag: String) -> JSONValue {
        var operation: [String: JSONValue] = [
            "summary": .string(summary), "tags": [.string(tag)],
            "operationId": .string(operationID),
            "parameters": .array(pathParameterNames.map(Self.pathParameter) + parameters),
            "responses": .object(Dictionary(uniqueKeysWithValues: statuses.map { (String($0), response(for: $0)) })),
            // A session may write only with its CSRF token; GETs need the cookie alone.
            "security": isWrite ? [["bearerToken": []], ["sessionCookie": [], "csrfToken": []]]
                : [["bearerToken": []], ["sessionCookie": []]],
        ]
        if let description { operation["description"] = .string(description) }
        switch body {
        case .json(let schema, let isRequired):
            operation["requestBody"] = ["required": .bool(isRequired), "content": ["application/json": ["schema": schema]]]
        case .binary(let description):
            operation["requestBody"] = ["required": true, "description": .string(description),
                                        "content": ["application/octet-stream": ["schema": ["type": "string", "contentMediaType": "application/gzip"]]]]
        case nil:
            break
        }
        return .object(operation)
    }

    private func response(for code: Int) -> JSONValue {
        if OpenAPIDocument.errorResponses[code] != nil { return ["$ref": .string("#/components/responses/\(code)")] }
        // Other successes (200 beside 201, 206 beside 200) carry the same body; 204, 304 and the
        // file responder's 416 none.
        guard let returns, ![204, 304, 416].contains(code) else { return ["description": .string(Self.reason(code))] }
        return ["description": .string(Self.reason(code)), "content": .object([contentType: ["schema": returns]])]
    }

    /// `getApiV1GroupsId`-style names are unreadable; `get /api/v1/groups/{id}` → `get_groups_id`.
    private var operationID: String {
        let parts = path.split(separator: "/").dropFirst(path.hasPrefix("/api/v1") ? 2 : 1)
            .map { $0.hasPrefix(":") ? "by_" + $0.dropFirst() : String($0) }
            .map { $0.replacingOccurrences(of: "-", with: "_") }
        return ([method.rawValue.lowercased()] + parts).joined(separator: "_")
    }

    private static func pathParameter(_ name: String) -> JSONValue {
        let isID = name == "id" || name.hasSuffix("ID")
        return ["name": .string(name), "in": "path", "required": true, "schema": isID ? JSONSchema.id : JSONSchema.string]
    }

    static func reason(_ code: Int) -> String {
        switch code {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 206: "Partial Content"
        case 304: "Not Modified"
        case 416: "Range Not Satisfiable"
        default: OpenAPIDocument.errorResponses[code] ?? "HTTP \(code)"
        }
    }
}
