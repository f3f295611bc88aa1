import Core
import Foundation
import GRDB

extension Webhook {
    init(row: Row) {
        self.init(id: row["id"], groupID: row["groupID"], url: row["url"], createdByLogin: row["createdByLogin"] ?? "",
                  createdAt: row.date("createdAt"))
    }
}

extension WebhookDelivery {
    init(row: Row) {
        self.init(id: row["id"], webhookID: row["webhookID"], event: row["event"], releaseID: row["releaseID"], body: row["body"],
                  state: State(rawValue: row["state"]) ?? .failed, attempts: row["attempts"], nextAttemptAt: row.optionalDate("nextAttemptAt"),
                  lastAttemptAt: row.optionalDate("lastAttemptAt"), responseStatus: row["responseStatus"],
                  responseExcerpt: row["responseExcerpt"], error: row["error"], durationMilliseconds: row["durationMilliseconds"],
                  createdAt: row.date("createdAt"), finishedAt: row.optionalDate("finishedAt"))
    }
}

extension Database {
    private static let webhookSelect = """
        SELECT webhook.id, webhook.groupID, webhook.url, webhook.createdAt, user.login AS createdByLogin
        FROM webhook LEFT JOIN user ON user.id = webhook.createdBy
        """

    /// Adds a webhook to a group; at most `Webhook.maxPerGroup` per group (422).
    public func createWebhook(groupID: Int64, url: String, secret: String, createdBy: Int64, now: Date) throws -> Webhook {
        try Webhook.validate(url: url)
        try requireRow(in: "productGroup", id: groupID, noun: "group")
        let count = try Int.fetchOne(prepared("SELECT count(*) FROM webhook WHERE groupID = ?"), arguments: [groupID]) ?? 0
        guard count < Webhook.maxPerGroup else {
            throw AppError(.invalid, "a group has at most \(Webhook.maxPerGroup) webhooks; remove one first", field: "url")
        }
        try prepared("INSERT INTO webhook (groupID, url, secret, createdBy, createdAt) VALUES (?, ?, ?, ?, ?)").execute(arguments: [groupID, url, secret, createdBy, now.millisecondsSince1970])
        return try webhook(id: lastInsertedRowID)
    }

    public func webhook(id: Int64) throws -> Webhook {
        guard let row = try Row.fetchOne(prepared("\(Self.webhookSelect) WHERE webhook.id = ?"), arguments: [id]) else {
            throw AppError(.notFound, "no webhook with id \(id)")
        }
        return Webhook(row: row)
    }

    /// A group's webhooks, oldest first.
    public func webhooks(groupID: Int64) throws -> [Webhook] {
        try Row.fetchAll(prepared("\(Self.webhookSelect) WHERE webhook.groupID = ? ORDER BY webhook.id"), arguments: [groupID])
            .map(Webhook.init(row:))
    }

    /// Deletes a webhook and its deliveries, sent or not.
    public func deleteWebhook(id: Int64) throws {
        try prepared("DELETE FROM webhook WHERE id = ?").execute(arguments: [id])
        try requireChange(noun: "webhook", id: id)
    }

    /// A webhook's deliveries, newest first, older than `before` (a delivery id) when given.
    public func webhookDeliveries(webhookID: Int64, before: Int64? = nil, limit: Int) throws -> [WebhookDelivery] {
        try Row.fetchAll(prepared("SELECT * FROM webhookDelivery WHERE webhookID = ?1 AND (?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3"),
            arguments: [webhookID, before, limit]
        ).map(WebhookDelivery.init(row:))
    }

    public func webhookDelivery(id: Int64) throws -> WebhookDelivery {
        try WebhookDelivery(row: row(in: "webhookDelivery", id: id, noun: "webhook delivery"))
    }

    /// Queues `events` of `release` for every webhook of its group and of the groups above it, due
    /// at once. Called in the transaction that saves the change, so the two commit together.
    func enqueueWebhookEvents(_ events: [ReleaseEvent], of release: Release, now: Date) throws {
        guard !events.isEmpty else { return }
        let webhookIDs = try Int64.fetchAll(prepared("""
            WITH RECURSIVE above(id) AS (
                SELECT ?1 UNION SELECT productGroup.parentID FROM productGroup JOIN above ON productGroup.id = above.id
                WHERE productGroup.parentID IS NOT NULL)
            SELECT webhook.id FROM webhook JOIN above ON webhook.groupID = above.id ORDER BY webhook.id
            """), arguments: [release.groupID])
        guard !webhookIDs.isEmpty else { return }
        for event in events {
            let body = event.body(id: UUID().uuidString.lowercased(), release: release, at: now)
            for webhookID in webhookIDs {
                try prepared("INSERT INTO webhookDelivery (webhookID, event, releaseID, body, nextAttemptAt, createdAt) VALUES (?, ?, ?, ?, ?, ?)").execute(arguments: [webhookID, event.kind.type, release.id, body, now.millisecondsSince1970, now.millisecondsSince1970])
            }
        }
    }

    /// Pending deliveries due at `now`, at most one per webhook: the oldest pending one, so each
    /// webhook receives its events in the order they happened.
    public func dueWebhookDeliveries(now: Date, limit: Int = 100) throws -> [DueWebhookDelivery] {
        try Row.fetchAll(prepared("""
            SELECT webhookDelivery.*, webhook.url AS webhookURL, webhook.secret AS webhookSecret
            FROM webhookDelivery JOIN webhook ON webhook.id = webhookDelivery.webhookID
            WHERE webhookDelivery.id IN (SELECT min(id) FROM webhookDelivery WHERE state = 'pending' GROUP BY webhookID)
              AND webhookDelivery.nextAttemptAt <= ?
            ORDER BY webhookDelivery.id LIMIT ?
            """), arguments: [now.millisecondsSince1970, limit]
        ).map { DueWebhookDelivery(delivery: WebhookDelivery(row: $0), url: $0["webhookURL"], secret: $0["webhookSecret"]) }
    }

    /// Records an attempt: succeeded on a 2xx, else pending again after `retryAfter`, or failed
    /// when that is nil (no attempt left).
    @discardableResult
    public func recordWebhookAttempt(_ id: Int64, _ attempt: WebhookDelivery.Attempt, retryAfter: TimeInterval?, now: Date) throws -> WebhookDelivery {
        let state: WebhookDelivery.State = attempt.isSuccess ? .succeeded : retryAfter == nil ? .failed : .pending
        let next = state == .pending ? now.addingTimeInterval(retryAfter ?? 0).millisecondsSince1970 : nil
        try prepared("""
            UPDATE webhookDelivery SET state = ?, attempts = attempts + 1, nextAttemptAt = ?, lastAttemptAt = ?, responseStatus = ?,
                responseExcerpt = ?, error = ?, durationMilliseconds = ?, finishedAt = ?
            WHERE id = ?
            """).execute(arguments: [state.rawValue, next, now.millisecondsSince1970, attempt.responseStatus, attempt.responseExcerpt,
                             attempt.error, attempt.durationMilliseconds, state == .pending ? nil : now.millisecondsSince1970, id])
        try requireChange(noun: "webhook delivery", id: id)
        return try webhookDelivery(id: id)
    }
}
