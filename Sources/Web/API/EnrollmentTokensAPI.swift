import Core
import Foundation
import HTTP

/// `/api/v1/groups/{id}/enrollment-tokens` and `/api/v1/enrollment-tokens/{id}`: tokens that let new
/// hosts enroll into a group; `manage` in the group. POST takes `environmentID`, `uses` and
/// `expiresAt` (RFC 3339) and answers the token's text once, as `token`.
struct EnrollmentTokensAPI: Sendable {
    let tokens: EnrollmentTokenOperations

    func list(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let tokens = try await tokens.list(groupID: try request.id(noun: "group"), caller: caller)
        return .json(JSONBody.encode(ListJSON(items: tokens.map { EnrollmentTokenJSON($0) }, nextCursor: nil)))
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let groupID = try request.id(noun: "group")
        let input = try await JSONInput.decode(Input.self, from: request)
        let expiresText = try required(input.expiresAt, "expiresAt")
        guard let expiresAt = RFC3339.date(expiresText) else {
            throw AppError(.invalid, "expiresAt must be an RFC 3339 time such as 2025-01-31T12:00:00Z", field: "expiresAt")
        }
        let draft = EnrollmentTokenDraft(groupID: groupID, environmentID: try required(input.environmentID, "environmentID").value,
                                         uses: try required(input.uses, "uses"), expiresAt: expiresAt)
        let created = try await tokens.create(draft, caller: caller)
        return .json(JSONBody.encode(EnrollmentTokenJSON(created.enrollmentToken, token: created.token.text)), status: .created)
    }

    func revoke(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        try await tokens.revoke(try request.id(noun: "enrollment token"), caller: caller)
        return Response(status: .noContent)
    }

    private struct Input: Decodable, Sendable {
        var environmentID: WireID?
        var uses: Int?
        var expiresAt: String?
    }
}

/// An enrollment token as the API writes it; `token` only in the answer that created it.
private struct EnrollmentTokenJSON: Encodable {
    let id: String
    let groupID: String
    let environmentID: String
    let usesLeft: Int
    let expiresAt: String
    let token: String?

    init(_ enrollmentToken: EnrollmentToken, token: String? = nil) {
        id = String(enrollmentToken.id)
        groupID = String(enrollmentToken.groupID)
        environmentID = String(enrollmentToken.environmentID)
        usesLeft = enrollmentToken.usesLeft
        expiresAt = RFC3339.string(enrollmentToken.expiresAt)
        self.token = token
    }
}
