import Core
import Foundation
import HTTP

/// `/api/v1/groups/{id}/webhooks`: a group's webhooks (owners). POST `{"url"}` answers the webhook
/// with its `secret`, this once; deliveries are listed newest first, a cursor page at a time.
struct WebhooksAPI: Sendable {
    static let maxLimit = 200
    let webhooks: WebhookOperations

    func list(_ request: Request) async throws -> Response {
        let items = try await webhooks.list(groupID: try request.id(noun: "group"), caller: try request.caller())
        return WireJSON.response(WireJSON.list(items.map { Self.json($0) }))
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let groupID = try request.id(noun: "group")
        let input = try await JSONInput.decode(Input.self, from: request)
        let created = try await webhooks.create(groupID: groupID, url: try required(input.url, "url"), caller: caller)
        return WireJSON.response(Self.json(created.webhook, secret: created.secret), status: .created)
    }

    func delete(_ request: Request) async throws -> Response {
        try await webhooks.delete(groupID: try request.id(noun: "group"), id: try request.id("webhookID", noun: "webhook"),
                                  caller: try request.caller())
        return Response(status: .noContent)
    }

    func deliveries(_ request: Request) async throws -> Response {
        let limit = try Self.limit(request)
        let before = try request.query("cursor").map { text throws(AppError) in
            guard let id = Int64(text), id > 0 else { throw AppError(.invalid, "cursor is not one this server gave", field: "cursor") }
            return id
        }
        let found = try await webhooks.deliveries(groupID: try request.id(noun: "group"), webhookID: try request.id("webhookID", noun: "webhook"),
                                                  before: before, limit: limit + 1, caller: try request.caller())
        let page = Array(found.prefix(limit))
        let next = found.count > limit ? page.last.map { String($0.id) } : nil
        return WireJSON.response(WireJSON.list(page.map(Self.json), nextCursor: next))
    }

    static func json(_ webhook: Webhook, secret: String? = nil) -> JSONValue {
        var value: [String: JSONValue] = [
            "id": WireJSON.id(webhook.id), "groupID": WireJSON.id(webhook.groupID), "url": .string(webhook.url),
            "createdBy": .string(webhook.createdByLogin), "createdAt": WireJSON.date(webhook.createdAt),
        ]
        if let secret { value["secret"] = .string(secret) }
        return .object(value)
    }

    static func json(_ delivery: WebhookDelivery) -> JSONValue {
        [
            "id": WireJSON.id(delivery.id), "webhookID": WireJSON.id(delivery.webhookID), "event": .string(delivery.event),
            "releaseID": delivery.releaseID.map(WireJSON.id) ?? .null, "state": .string(delivery.state.rawValue),
            "attempts": .int(Int64(delivery.attempts)), "responseStatus": delivery.responseStatus.map { .int(Int64($0)) } ?? .null,
            "responseExcerpt": delivery.responseExcerpt.map(JSONValue.string) ?? .null,
            "error": delivery.error.map(JSONValue.string) ?? .null,
            "durationMilliseconds": delivery.durationMilliseconds.map { .int(Int64($0)) } ?? .null,
            "createdAt": WireJSON.date(delivery.createdAt), "lastAttemptAt": WireJSON.date(delivery.lastAttemptAt),
            "nextAttemptAt": WireJSON.date(delivery.nextAttemptAt), "finishedAt": WireJSON.date(delivery.finishedAt),
            "body": .string(delivery.body),
        ]
    }

    private static func limit(_ request: Request) throws(AppError) -> Int {
        guard let text = request.query("limit") else { return 50 }
        guard let limit = Int(text), (1...maxLimit).contains(limit) else {
            throw AppError(.invalid, "limit must be 1 to \(maxLimit)", field: "limit")
        }
        return limit
    }

    private struct Input: Decodable, Sendable {
        var url: String?
    }
}
