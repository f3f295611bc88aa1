import Core
import Foundation
import Testing

/// The events webhooks hear, worked out from a release before and after a change; the retry
/// schedule; the signature against a value computed elsewhere (Python's hmac module).
struct ReleaseEventTests {
    static func release(_ state: Release.State, batch: Int = 0, approvedBy: Int64? = nil) -> Release {
        var release = ReleaseMachineTests.release(state, batch: batch)
        release.approvedBy = approvedBy
        release.approvedByLogin = approvedBy.map { _ in "grace" }
        if state.isFinished { release.finishedAt = ReleaseMachineTests.now }
        return release
    }

    static func kinds(_ old: Release?, _ new: Release) -> [String] {
        ReleaseEvent.changes(from: old, to: new).map { $0.kind.rawValue + ($0.batch.map { "(\($0))" } ?? "") }
    }

    @Test("a new release is created, and started unless it awaits approval")
    func creation() {
        #expect(Self.kinds(nil, Self.release(.running)) == ["created", "started"])
        #expect(Self.kinds(nil, Self.release(.awaitingApproval)) == ["created"])
    }

    @Test("approval starts it; each batch passed is one event; the last batch passes with success")
    func progress() {
        #expect(Self.kinds(Self.release(.awaitingApproval), Self.release(.running, approvedBy: 2)) == ["approved", "started"])
        #expect(Self.kinds(Self.release(.running), Self.release(.running, batch: 1)) == ["batchFinished(0)"])
        #expect(Self.kinds(Self.release(.running), Self.release(.paused, batch: 1)) == ["batchFinished(0)"], "a pause after a batch")
        #expect(Self.kinds(Self.release(.running, batch: 2), Self.release(.succeeded, batch: 2)) == ["batchFinished(2)", "succeeded"])
        #expect(Self.kinds(Self.release(.running), Self.release(.running)) == [], "a message change is no event")
    }

    @Test("the ends: failed, aborted, rolled back; a retry starts it again")
    func endings() {
        #expect(Self.kinds(Self.release(.stopping), Self.release(.failed)) == ["failed"])
        #expect(Self.kinds(Self.release(.awaitingApproval), Self.release(.aborted)) == ["aborted"])
        #expect(Self.kinds(Self.release(.rollingBack), Self.release(.rolledBack)) == ["rolledBack"])
        #expect(Self.kinds(Self.release(.failed), Self.release(.running)) == ["started"])
        #expect(Self.kinds(Self.release(.failed), Self.release(.failed)) == [])
    }

    @Test("the body names the event, the release and the batch, with ids as strings and times in UTC")
    func body() throws {
        let release = Self.release(.running, batch: 1)
        let text = ReleaseEvent(.batchFinished, batch: 0).body(id: "e1", release: release, at: ReleaseMachineTests.now)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["type"] as? String == "release.batchFinished")
        #expect(json["batch"] as? Int == 0)
        #expect(json["occurredAt"] as? String == "2027-01-15T08:00:00Z")
        let body = try #require(json["release"] as? [String: Any])
        #expect(body["id"] as? String == "1" && body["groupID"] as? String == "1" && body["currentBatch"] as? Int == 1)
    }

    @Test("retries wait 10, 20, 40, 80 and 160 s, capped, and stop after the sixth attempt")
    func retrySchedule() {
        let retry = WebhookRetry()
        #expect((1...6).map { retry.delay(afterAttempts: $0) } == [10, 20, 40, 80, 160, nil])
        #expect(WebhookRetry(maxAttempts: 20, firstDelay: 10, maxDelay: 60).delay(afterAttempts: 10) == 60)
    }

    @Test("the signature is HMAC-SHA256 of timestamp, dot, body, as any HMAC library computes it")
    func signature() {
        #expect(WebhookSignature.sign(body: #"{"a":1}"#, secret: "cwh_test", timestamp: 1_700_000_000)
            == "sha256=ffa8d47ca05db39bbed6a3137ac5b664753ac8a84344ad2f9ebd203ec73ff00a")
    }

    @Test(arguments: ["https://ci.example.com/hook", "http://127.0.0.1:8080/x?y=1", "HTTPS://EXAMPLE.COM"])
    func acceptsURL(_ url: String) throws {
        try Webhook.validate(url: url)
    }
}
