import Foundation
import HTTP
import Storage

/// A group's webhooks: `/api/v1/groups/{id}/webhooks…` (`WebhooksAPI`) and the page
/// `/groups/{id}/webhooks` with its forms (`WebhooksPages`). Sending is `WebhookSender`'s, started
/// by `App`.
struct WebhookRoutes {
    let store: Store
    let templates: Templates
    var now: @Sendable () -> Date = { Date() }

    func register(in router: inout Router) {
        let operations = WebhookOperations(store: store, now: now)
        let api = WebhooksAPI(webhooks: operations)
        router.group("/api/v1/groups/:id/webhooks") { webhooks in
            webhooks.get("/", use: api.list)
            webhooks.post("/", use: api.create)
            webhooks.delete("/:webhookID", use: api.delete)
            webhooks.get("/:webhookID/deliveries", use: api.deliveries)
        }
        let pages = WebhooksPages(templates: templates, groups: GroupOperations(store: store, now: now), webhooks: operations)
        router.get("/groups/:id/webhooks", use: pages.show)
        router.post("/groups/:id/webhooks", use: pages.create)
        router.post("/groups/:id/webhooks/:webhookID/delete", use: pages.delete)
    }
}
