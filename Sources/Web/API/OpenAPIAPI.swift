import HTTP

/// `GET /api/openapi.json`: the API's OpenAPI 3.1 document (`OpenAPIDocument`), encoded once.
///
/// Behind sign-in like every route off the public list (DESIGN "Security"): a CI job reads it with
/// the token it already has, a browser with its session.
enum OpenAPIAPI {
    static let response = Response.json(JSONBody.encode(OpenAPIDocument().json))

    static func serve(_ request: Request) async throws -> Response {
        _ = try request.caller()
        return response
    }
}
