import Core
import Foundation
import GRDB
import Storage

/// A group's webhooks, shared by the API and the pages. Every call, reads included, needs `manage`
/// in the group (owners): receiver URLs often carry credentials of their own, and deliveries show
/// what receivers answered. A webhook is addressed within its group; one of another group is 404.
struct WebhookOperations: Sendable {
    let store: Store
    let now: @Sendable () -> Date

    /// A webhook with its newest deliveries, for the group's webhooks page.
    struct Overview: Sendable {
        let webhook: Webhook
        let deliveries: [WebhookDelivery]
    }

    func list(groupID: Int64, caller: Caller) async throws -> [Webhook] {
        try Self.requireManage(groupID, caller)
        return try await store.read { db in
            _ = try db.group(id: groupID)
            return try db.webhooks(groupID: groupID)
        }
    }

    func overview(groupID: Int64, recent: Int, caller: Caller) async throws -> [Overview] {
        try Self.requireManage(groupID, caller)
        return try await store.read { db in
            try db.webhooks(groupID: groupID).map { Overview(webhook: $0, deliveries: try db.webhookDeliveries(webhookID: $0.id, limit: recent)) }
        }
    }

    /// Adds a webhook with a new secret; the secret is in this answer and nowhere else that a
    /// person or program reads (the audit row names the URL's host only: a URL's path or query may
    /// be a credential).
    func create(groupID: Int64, url: String, caller: Caller) async throws -> (webhook: Webhook, secret: String) {
        try Self.requireManage(groupID, caller)
        let url = url.trimmingCharacters(in: .whitespaces)
        let secret = Token.make(.webhook).text
        let now = now()
        let webhook = try await store.write { db in
            let webhook = try db.createWebhook(groupID: groupID, url: url, secret: secret, createdBy: caller.user.id, now: now)
            try db.appendAudit(caller.auditEntry(at: now, action: "webhook.create", targetType: "webhook", targetID: String(webhook.id),
                                                 detail: ["groupID": .int(groupID), "host": .string(URLComponents(string: url)?.host ?? "")]))
            return webhook
        }
        return (webhook, secret)
    }

    func delete(groupID: Int64, id: Int64, caller: Caller) async throws {
        try Self.requireManage(groupID, caller)
        let now = now()
        try await store.write { db in
            _ = try Self.webhook(id, in: groupID, db)
            try db.deleteWebhook(id: id)
            try db.appendAudit(caller.auditEntry(at: now, action: "webhook.delete", targetType: "webhook", targetID: String(id),
                                                 detail: ["groupID": .int(groupID)]))
        }
    }

    /// A webhook's deliveries, newest first; `before` is the cursor (a delivery id).
    func deliveries(groupID: Int64, webhookID: Int64, before: Int64?, limit: Int, caller: Caller) async throws -> [WebhookDelivery] {
        try Self.requireManage(groupID, caller)
        return try await store.read { db in
            _ = try Self.webhook(webhookID, in: groupID, db)
            return try db.webhookDeliveries(webhookID: webhookID, before: before, limit: limit)
        }
    }

    private static func webhook(_ id: Int64, in groupID: Int64, _ db: Database) throws -> Webhook {
        let webhook = try db.webhook(id: id)
        guard webhook.groupID == groupID else { throw AppError(.notFound, "no webhook with id \(id)") }
        return webhook
    }

    private static func requireManage(_ groupID: Int64, _ caller: Caller) throws(AppError) {
        try caller.principal.require(.manage, in: groupID, orNotFound: AppError(.notFound, "no group with id \(groupID)"))
    }
}
