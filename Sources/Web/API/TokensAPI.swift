import Core
import HTTP

/// `/api/v1/tokens`: the caller's own API tokens. Created only through a session (never with
/// another token), with no more power than the caller has (403 otherwise).
///
/// - `GET /tokens` → `{"items":[token…],"nextCursor":null}`
/// - `POST /tokens` `{"name","groups":"all"|["3",…],"maxRole","expiresIn"?:"90d"|seconds,"expiresAt"?}`
///   → 201 the token plus `"token"`: the secret, shown this once and never again
/// - `DELETE /tokens/:id` → 204; it stops working at once
struct TokensAPI: Sendable {
    let issuer: TokenIssuer
    let access: AccessSettings

    func list(_ request: Request) async throws -> Response {
        let tokens = try await issuer.tokens(of: request.caller())
        return WireJSON.response(WireJSON.list(tokens.map(WireJSON.token)))
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let body = try await JSONInput.decode(CreateBody.self, from: request)
        let expiresAt = try TokenExpiry.date(expiresIn: body.expiresIn?.text, expiresAt: body.expiresAt, now: access.now())
        let draft = APITokenDraft(name: body.name, scope: TokenScope(groups: body.groups.scope, maxRole: body.maxRole),
                                  expiresAt: expiresAt)
        let (apiToken, token) = try await issuer.create(draft, by: caller)
        guard case .object(var json) = WireJSON.token(apiToken) else { preconditionFailure("a token is a JSON object") }
        json["token"] = .string(token.text)
        return WireJSON.response(.object(json), status: .created)
    }

    func revoke(_ request: Request) async throws -> Response {
        try await issuer.revoke(id: request.id(), by: request.caller())
        return Response(status: .noContent)
    }

    private struct CreateBody: Decodable {
        var name: String
        var groups: GroupsField
        var maxRole: Role
        var expiresIn: ExpiresInField?
        var expiresAt: String?
    }

    /// `"all"`, or a list of group ids as strings or numbers.
    private struct GroupsField: Decodable {
        var scope: TokenScope.Groups

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self), text == "all" {
                scope = .all
            } else if let ids = try? container.decode([Int64].self) {
                scope = .groups(Set(ids))
            } else if let texts = try? container.decode([String].self), case let ids = texts.compactMap(Int64.init), ids.count == texts.count {
                scope = .groups(Set(ids))
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: #"groups must be "all" or a list of group ids"#)
            }
        }
    }

    /// A number of seconds, or text such as `90d`.
    private struct ExpiresInField: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Int64.self) { text = String(seconds) } else { text = try container.decode(String.self) }
        }
    }
}
