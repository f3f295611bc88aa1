import Foundation

/// One event on its way to one webhook: the exact body to send, and how the attempts went.
///
/// Written in the same transaction as the release change it reports, before anything is sent, so a
/// restart loses nothing: `pending` rows are sent (again) by the next server. Receivers may thus see
/// an event twice and tell by `X-Capstan-Delivery`.
public struct WebhookDelivery: Sendable, Equatable, Identifiable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case pending, succeeded, failed
    }

    public var id: Int64
    public var webhookID: Int64
    /// `release.created`, `release.succeeded`, … (`ReleaseEvent.Kind.type`).
    public var event: String
    public var releaseID: Int64?
    /// The JSON body, byte for byte what is signed and sent.
    public var body: String
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastAttemptAt: Date?
    /// The receiver's HTTP status of the last attempt; nil when it gave none (refused, timed out).
    public var responseStatus: Int?
    /// The first bytes of the receiver's answer to the last attempt.
    public var responseExcerpt: String?
    /// Why the last attempt failed, when it did.
    public var error: String?
    /// How long the last attempt took.
    public var durationMilliseconds: Int?
    public var createdAt: Date
    public var finishedAt: Date?

    public init(id: Int64, webhookID: Int64, event: String, releaseID: Int64?, body: String, state: State, attempts: Int,
                nextAttemptAt: Date?, lastAttemptAt: Date?, responseStatus: Int?, responseExcerpt: String?, error: String?,
                durationMilliseconds: Int?, createdAt: Date, finishedAt: Date?) {
        self.id = id
        self.webhookID = webhookID
        self.event = event
        self.releaseID = releaseID
        self.body = body
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.responseStatus = responseStatus
        self.responseExcerpt = responseExcerpt
        self.error = error
        self.durationMilliseconds = durationMilliseconds
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }

    /// How one attempt went, as the sender records it.
    public struct Attempt: Sendable, Equatable {
        public var responseStatus: Int?
        public var responseExcerpt: String?
        public var error: String?
        public var durationMilliseconds: Int

        public init(responseStatus: Int?, responseExcerpt: String?, error: String?, durationMilliseconds: Int) {
            self.responseStatus = responseStatus
            self.responseExcerpt = responseExcerpt
            self.error = error
            self.durationMilliseconds = durationMilliseconds
        }

        /// A 2xx answer; anything else is tried again.
        public var isSuccess: Bool { responseStatus.map { (200..<300).contains($0) } ?? false }
    }
}

/// A pending delivery with what sending it needs: where to, and the secret to sign with.
public struct DueWebhookDelivery: Sendable {
    public var delivery: WebhookDelivery
    public var url: String
    public var secret: String

    public init(delivery: WebhookDelivery, url: String, secret: String) {
        self.delivery = delivery
        self.url = url
        self.secret = secret
    }
}
