import Core
import Crypto
import Foundation
import Storage
import Testing
@testable import Web

/// Webhooks end to end: a real release's events reach a real receiver on 127.0.0.1 in order and
/// signed; a receiver answering 500 is tried again on the backoff schedule (the app's clock moved,
/// no sleeping); deliveries on the API and the page; owners only; URLs checked; the secret shown
/// once; queued deliveries survive a restart.
@Suite(.serialized)
struct WebhooksTests {
    /// Adds a webhook for `url` to the fixture's group as its admin; the answer's JSON.
    static func addWebhook(_ url: String, to releases: ReleaseFixture) async throws -> [String: Any] {
        let response = try await releases.app.send("POST", "/api/v1/groups/\(releases.fixture.groupID)/webhooks", json: ["url": url],
                                                   headers: releases.admin)
        guard response.status == 201 else { throw RawHTTP.Failure("add webhook: \(response.status) \(response.text)") }
        return try response.json()
    }

    /// Checks a delivery's signature the way the README tells receivers to: HMAC-SHA256 with the
    /// secret over `<timestamp>.<body>`, compared with `X-Capstan-Signature`.
    static func isSigned(_ delivery: WebhookReceiver.Delivery, secret: String) -> Bool {
        guard let timestamp = delivery.headers["X-Capstan-Timestamp"], let signature = delivery.headers["X-Capstan-Signature"] else {
            return false
        }
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).".utf8) + delivery.body, using: SymmetricKey(data: Array(secret.utf8)))
        return signature == "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    @Test("a release's events reach the receiver in order, each signed with the webhook's secret")
    func eventsInOrderSigned() async throws {
        let receiver = try WebhookReceiver()
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 2, strategy: ReleaseStrategy(batchSizes: [.count(1)], maxParallel: 1))
            let webhook = try await Self.addWebhook(receiver.url, to: releases)
            let secret = try #require(webhook["secret"] as? String)
            #expect(secret.hasPrefix("cwh_"))
            let id = try await releases.start("1.0.0")
            try await releases.runAll()
            #expect(try await releases.state(id) == "succeeded")
            await app.app.webhookSender.deliverDue()

            let received = receiver.deliveries
            let bodies = try received.map { try JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any] ?? [:] }
            #expect(bodies.map { $0["type"] as? String } == ["release.created", "release.started", "release.batchFinished",
                                                             "release.batchFinished", "release.succeeded"])
            #expect(bodies.map { $0["batch"] as? Int } == [nil, nil, 0, 1, nil])
            #expect(bodies.allSatisfy { ($0["release"] as? [String: Any])?["id"] as? String == String(id) })
            #expect((bodies.last?["release"] as? [String: Any])?["state"] as? String == "succeeded")
            #expect(received.allSatisfy { Self.isSigned($0, secret: secret) }, "every signature checks out")
            #expect(!Self.isSigned(received[0], secret: secret + "x"), "and a wrong secret does not")
            #expect(received.map { $0.headers["X-Capstan-Event"] } == bodies.map { $0["type"] as? String })
            #expect(received.allSatisfy { $0.headers["X-Capstan-Timestamp"] == String(Int(app.clock.now().timeIntervalSince1970)) })
            #expect(received.allSatisfy { $0.headers["Content-Type"] == "application/json" })

            let deliveries = try await app.get("/api/v1/groups/\(releases.fixture.groupID)/webhooks/\(webhook["id"] as? String ?? "")/deliveries",
                                               headers: releases.admin).json()["items"] as? [[String: Any]] ?? []
            #expect(deliveries.count == 5)
            #expect(deliveries.allSatisfy { $0["state"] as? String == "succeeded" && $0["responseStatus"] as? Int == 200 && $0["attempts"] as? Int == 1 })
            #expect(deliveries.first?["event"] as? String == "release.succeeded", "newest first")
            #expect(deliveries.first?["responseExcerpt"] as? String == "ok")
        }
        await receiver.stop()
    }

    @Test("a receiver answering 500 gets the delivery again after 10 s, then 20 s; later events wait their turn")
    func retriesWithBackoff() async throws {
        let receiver = try WebhookReceiver(answering: [500, 500])
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 1)
            let webhook = try await Self.addWebhook(receiver.url, to: releases)
            _ = try await releases.start("1.0.0")  // created, started
            let sender = app.app.webhookSender
            await sender.deliverDue()
            #expect(receiver.deliveries.count == 1, "the first attempt failed; `started` waits behind `created`")
            app.clock.advance(by: 9)
            await sender.deliverDue()
            #expect(receiver.deliveries.count == 1, "not yet: the first retry comes 10 s after")
            app.clock.advance(by: 1)
            await sender.deliverDue()
            #expect(receiver.deliveries.count == 2, "the second attempt, answered 500 again")
            app.clock.advance(by: 19)
            await sender.deliverDue()
            #expect(receiver.deliveries.count == 2, "the next wait is 20 s")
            app.clock.advance(by: 1)
            await sender.deliverDue()
            let events = receiver.deliveries.map { $0.headers["X-Capstan-Event"] }
            #expect(events == ["release.created", "release.created", "release.created", "release.started"])
            #expect(Set(receiver.deliveries.prefix(3).map { $0.headers["X-Capstan-Delivery"] }).count == 1, "the same delivery each time")

            let items = try await app.get("/api/v1/groups/\(releases.fixture.groupID)/webhooks/\(webhook["id"] as? String ?? "")/deliveries",
                                          headers: releases.admin).json()["items"] as? [[String: Any]] ?? []
            let created = try #require(items.first { $0["event"] as? String == "release.created" })
            #expect(created["attempts"] as? Int == 3)
            #expect(created["state"] as? String == "succeeded")
            #expect(created["responseStatus"] as? Int == 200)
            #expect(created["lastAttemptAt"] as? String == RFC3339.string(app.clock.now()))
        }
        await receiver.stop()
    }

    @Test("a delivery that keeps failing is given up after the sixth attempt, with the receiver's answer kept; the next event goes")
    func givesUp() async throws {
        let receiver = try WebhookReceiver(answering: Array(repeating: 503, count: 10))
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 1)
            let webhook = try await Self.addWebhook(receiver.url, to: releases)
            _ = try await releases.start("1.0.0")
            await app.app.webhookSender.deliverDue()
            for wait in [10.0, 20, 40, 80, 160] {
                app.clock.advance(by: wait)
                await app.app.webhookSender.deliverDue()
            }
            let webhookID = Int64(webhook["id"] as? String ?? "") ?? 0
            let deliveries = try await app.store.read { db in try db.webhookDeliveries(webhookID: webhookID, limit: 10) }
            #expect(deliveries.map(\.event) == ["release.started", "release.created"])
            let created = try #require(deliveries.last)
            #expect(created.state == .failed && created.attempts == 6 && created.nextAttemptAt == nil)
            #expect(created.responseStatus == 503)
            #expect(created.responseExcerpt == "down for maintenance")
            #expect(created.error == "the receiver answered 503")
            #expect(deliveries.first?.state == .pending && deliveries.first?.attempts == 1, "once `created` was given up, `started` had its turn")
            #expect(receiver.deliveries.count == 7)
        }
        await receiver.stop()
    }
}
