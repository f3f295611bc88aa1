import Core

// The webhooks area: a group's receivers of release events and what they answered.
extension OpenAPIArea {
    private static let base = "/api/v1/groups/:id/webhooks"

    static let webhooks = OpenAPIArea(tag: "webhooks", description: "URLs that receive a group's release events, signed (owners)", operations: [
        .get(base, "The group's webhooks", returns: JSONSchema.page(of: JSONSchema.ref("Webhook")), errors: [403]),
        .write(.post, base, "Add a webhook; its signing secret is in this answer only",
               body: JSONSchema.object(["url": JSONSchema.string("An http or https URL")]), status: 201,
               returns: JSONSchema.extending("Webhook", with: ["secret": JSONSchema.string("The HMAC-SHA256 key, shown once")]),
               errors: [422]),
        .write(.delete, base + "/:webhookID", "Remove a webhook and its deliveries", status: 204),
        .get(base + "/:webhookID/deliveries", "The webhook's deliveries, newest first",
             returns: JSONSchema.page(of: JSONSchema.ref("WebhookDelivery")), parameters: OpenAPIDocument.page, errors: [403, 422]),
    ], schemas: [
        "Webhook": JSONSchema.object(["id": JSONSchema.id, "groupID": JSONSchema.id, "url": JSONSchema.string,
                                      "createdBy": JSONSchema.string("Login"), "createdAt": JSONSchema.timestamp]),
        "WebhookDelivery": JSONSchema.object([
            "id": JSONSchema.id, "webhookID": JSONSchema.id,
            "event": JSONSchema.enumeration(ReleaseEvent.Kind.allCases.map(\.type)), "releaseID": JSONSchema.nullable(JSONSchema.id),
            "state": JSONSchema.enumeration(WebhookDelivery.State.allCases.map(\.rawValue)), "attempts": JSONSchema.integer,
            "responseStatus": JSONSchema.nullable(JSONSchema.integer), "responseExcerpt": JSONSchema.nullable(JSONSchema.string),
            "error": JSONSchema.nullable(JSONSchema.string), "durationMilliseconds": JSONSchema.nullable(JSONSchema.integer),
            "createdAt": JSONSchema.timestamp, "lastAttemptAt": JSONSchema.nullable(JSONSchema.timestamp),
            "nextAttemptAt": JSONSchema.nullable(JSONSchema.timestamp), "finishedAt": JSONSchema.nullable(JSONSchema.timestamp),
            "body": JSONSchema.string("The JSON sent, as sent"),
        ]),
    ])
}
