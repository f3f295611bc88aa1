import Core
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Storage
import Synchronization

/// Sends pending webhook deliveries: each one signed (`WebhookSignature`), POSTed, and its answer
/// recorded; a failure is tried again later (`WebhookRetry`) until it succeeds or runs out.
///
/// Deliveries are rows written with the release change they report, so this reads the store only:
/// a restarted server sends what the old one had not. Each webhook gets its events in order, one
/// at a time; different webhooks are sent to side by side, so a slow receiver delays only its own.
/// `deliverDue` is what the app's one-second sweeper calls; tests call it and move the clock.
final class WebhookSender: Sendable {
    /// One POST: the receiver's status and body, or a thrown error when there was no answer.
    typealias Transport = @Sendable (URLRequest) async throws -> (status: Int, body: Data)

    /// How much of a receiver's answer is kept.
    static let excerptBytes = 1024
    static let userAgent = "Capstan-Webhook/\(capstanVersion)"

    private let store: Store
    private let now: @Sendable () -> Date
    private let retry: WebhookRetry
    private let transport: Transport
    private let logger: Logger
    /// The run in progress or last started: each `deliverDue` waits for it, so two runs (the
    /// sweeper's and a test's) never send the same delivery twice.
    private let turn = Mutex<Task<Int, Never>?>(nil)

    init(store: Store, now: @escaping @Sendable () -> Date, retry: WebhookRetry = WebhookRetry(),
         transport: @escaping Transport = WebhookSender.urlSession(timeout: 10), logger: Logger = Logger(label: "capstan.webhooks")) {
        self.store = store
        self.now = now
        self.retry = retry
        self.transport = transport
        self.logger = logger
    }

    /// Sends every delivery due now, webhook by webhook in order, until none is due; how many
    /// attempts were made. Runs one at a time, after any run in progress.
    @discardableResult
    func deliverDue() async -> Int {
        let run = turn.withLock { previous in
            let next = Task { [previous] in
                _ = await previous?.value
                return await self.deliverRounds()
            }
            previous = next
            return next
        }
        return await run.value
    }

    private func deliverRounds() async -> Int {
        var attempts = 0
        // Each round sends the oldest due delivery of every webhook; bounded, so a flood of events
        // cannot keep one call going for ever.
        for _ in 0..<1000 {
            let due: [DueWebhookDelivery]
            do {
                due = try await store.read { [now] db in try db.dueWebhookDeliveries(now: now()) }
            } catch {
                logger.error("cannot read due webhook deliveries: \(error)")
                return attempts
            }
            if due.isEmpty { return attempts }
            await withTaskGroup(of: Void.self) { group in
                for item in due { group.addTask { await self.send(item) } }
            }
            attempts += due.count
        }
        return attempts
    }

    private func send(_ item: DueWebhookDelivery) async {
        let delivery = item.delivery
        let sentAt = now()
        let started = ContinuousClock.now
        var attempt: WebhookDelivery.Attempt
        do {
            guard let request = request(for: item, at: sentAt) else { throw URLError(.badURL) }
            let (status, body) = try await transport(request)
            attempt = WebhookDelivery.Attempt(responseStatus: status, responseExcerpt: Self.excerpt(body), error: nil,
                                              durationMilliseconds: Self.milliseconds(since: started))
            if !attempt.isSuccess { attempt.error = "the receiver answered \(status)" }
        } catch {
            attempt = WebhookDelivery.Attempt(responseStatus: nil, responseExcerpt: nil, error: Self.describe(error),
                                              durationMilliseconds: Self.milliseconds(since: started))
        }
        let retryAfter = attempt.isSuccess ? nil : retry.delay(afterAttempts: delivery.attempts + 1)
        let outcome = attempt
        do {
            let recorded = try await store.write(invalidatingCredentials: false) { db in
                try db.recordWebhookAttempt(delivery.id, outcome, retryAfter: retryAfter, now: sentAt)
            }
            if recorded.state != .succeeded {
                // The URL's host only: its path or query may be a credential; the secret never.
                logger.warning("webhook delivery \(delivery.id) (\(delivery.event)) to \(URL(string: item.url)?.host ?? "?") failed: \(attempt.error ?? "")",
                               metadata: ["webhook": "\(delivery.webhookID)", "attempts": "\(recorded.attempts)", "state": "\(recorded.state.rawValue)"])
            }
        } catch {
            logger.error("cannot record webhook delivery \(delivery.id): \(error)")
        }
    }

    /// The POST for one delivery: the stored body as it is, signed over the timestamp and body.
    func request(for item: DueWebhookDelivery, at date: Date) -> URLRequest? {
        guard let url = URL(string: item.url) else { return nil }
        let delivery = item.delivery
        let timestamp = Int64(date.timeIntervalSince1970)
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(delivery.body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(Self.userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue(delivery.event, forHTTPHeaderField: "X-Capstan-Event")
        request.setValue(String(delivery.id), forHTTPHeaderField: "X-Capstan-Delivery")
        request.setValue(String(timestamp), forHTTPHeaderField: WebhookSignature.timestampHeader)
        request.setValue(WebhookSignature.sign(body: delivery.body, secret: item.secret, timestamp: timestamp),
                         forHTTPHeaderField: WebhookSignature.signatureHeader)
        return request
    }

    private static func excerpt(_ body: Data) -> String {
        String(decoding: body.prefix(excerptBytes), as: UTF8.self)
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? URLError { return "no answer: \(error.code == .timedOut ? "timed out" : error.localizedDescription)" }
        return "no answer: \(error)"
    }
}
