import Core
import Foundation
import HTTP

/// `GET /groups/{id}/webhooks`: the group's webhooks, each with its newest deliveries (event,
/// state, attempts, the receiver's status and the start of its answer), an add form and remove
/// buttons. `POST /groups/{id}/webhooks` adds one and shows the page again (201) with the secret
/// this once; `POST /groups/{id}/webhooks/{webhookID}/delete` removes one. All need `manage`.
struct WebhooksPages: Sendable {
    /// Deliveries shown per webhook.
    static let recent = 10

    let templates: Templates
    let groups: GroupOperations
    let webhooks: WebhookOperations

    func show(_ request: Request) async throws -> Response {
        try await render(request.caller(), try request.id(noun: "group"))
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let groupID = try request.id(noun: "group")
        let input = try await FormInput.read(request)
        do {
            let created = try await webhooks.create(groupID: groupID, url: input["url"], caller: caller)
            return try await render(caller, groupID, secret: created.secret, status: .created)
        } catch let error as AppError where error.code == .invalid {
            return try await render(caller, groupID, typedURL: input["url"], error: error)
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let groupID = try request.id(noun: "group")
        try await webhooks.delete(groupID: groupID, id: try request.id("webhookID", noun: "webhook"), caller: try request.caller())
        return .redirect(to: "/groups/\(groupID)/webhooks")
    }

    private func render(_ caller: Caller, _ groupID: Int64, secret: String? = nil, typedURL: String = "", error: AppError? = nil,
                        status: Status? = nil) async throws -> Response {
        let overview = try await webhooks.overview(groupID: groupID, recent: Self.recent, caller: caller)
        let group = try await groups.group(groupID, caller: caller)
        var values: [String: Any] = error.map(PageContext.formErrors) ?? [:]
        values["group"] = ["id": String(groupID), "name": group.name]
        values["webhooks"] = overview.map { item in
            ["id": String(item.webhook.id), "url": item.webhook.url, "createdBy": item.webhook.createdByLogin,
             "createdAt": RFC3339.string(item.webhook.createdAt), "deliveries": item.deliveries.map(Self.row)] as [String: Any]
        }
        values["typedURL"] = typedURL
        if let secret { values["newSecret"] = secret }
        let context = PageContext.make(title: "Webhooks of \(group.name)", path: "/groups", caller: caller, values)
        return .html(templates.render(.webhooks, context), status: status ?? PageContext.status(error))
    }

    private static func row(_ delivery: WebhookDelivery) -> [String: Any] {
        var row: [String: Any] = [
            "id": String(delivery.id), "event": delivery.event, "state": delivery.state.rawValue, "attempts": delivery.attempts,
            "createdAt": RFC3339.string(delivery.createdAt), "isFailed": delivery.state == .failed,
        ]
        row["releaseID"] = delivery.releaseID.map { String($0) }
        row["responseStatus"] = delivery.responseStatus.map { String($0) }
        row["answer"] = delivery.error ?? delivery.responseExcerpt.map { String($0.prefix(200)) }
        row["nextAttemptAt"] = delivery.state == .pending ? delivery.nextAttemptAt.map(RFC3339.string) : nil
        row["duration"] = delivery.durationMilliseconds.map { "\($0) ms" }
        return row
    }
}
