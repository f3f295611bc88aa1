import Core
import HTTP
import Testing
@testable import Web

struct ForwardedMiddlewareTests {
    let middleware = ForwardedMiddleware(trusted: TrustedProxies("127.0.0.1, 10.0.0.0/8, fd00::/8")!)

    private func client(peer: String, _ headers: Headers) -> ForwardedClient {
        middleware.client(of: Request(method: .get, target: "/", headers: headers, remoteAddress: peer))
    }

    @Test("takes the right-most X-Forwarded-For entry that is not a trusted proxy", arguments: [
        ("203.0.113.9", "203.0.113.9"),
        ("198.51.100.1, 203.0.113.9", "203.0.113.9"),
        ("198.51.100.1, 203.0.113.9, 10.1.2.3", "203.0.113.9"),
        ("10.9.9.9, 10.1.2.3", "10.9.9.9"),
        ("2001:db8::7, fd00::1", "2001:db8::7"),
        ("203.0.113.9, unknown", "127.0.0.1"),
        ("", "127.0.0.1"),
    ])
    func rightMostUntrusted(forwardedFor: String, expected: String) {
        #expect(client(peer: "127.0.0.1", ["X-Forwarded-For": forwardedFor]).address == expected)
    }

    @Test("reads X-Forwarded-Proto as the nearest proxy set it")
    func scheme() {
        #expect(client(peer: "10.0.0.5", ["X-Forwarded-Proto": "https"]).isSecure)
        #expect(client(peer: "10.0.0.5", ["X-Forwarded-Proto": "HTTPS"]).isSecure)
        #expect(!client(peer: "10.0.0.5", ["X-Forwarded-Proto": "https, http"]).isSecure)
        #expect(!client(peer: "10.0.0.5", [:]).isSecure)
    }

    @Test("an untrusted peer's X-Forwarded-For and X-Forwarded-Proto are ignored")
    func untrustedPeer() async throws {
        let request = Request(method: .get, target: "/", headers: ["X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"],
                              remoteAddress: "192.0.2.50")
        let seen = try await middleware.handle(request) { request in
            .text("\(request.clientAddress) \(request.isSecure)")
        }
        guard case .bytes(let bytes) = seen.body else { Issue.record("expected bytes"); return }
        #expect(String(decoding: bytes, as: UTF8.self) == "192.0.2.50 false")
    }

    @Test("the audit log and the throttle record a trusted proxy's client, and the peer otherwise")
    func recordedAddress() async throws {
        try await withRunningApp(configure: { configuration, _ in configuration.trustedProxies = TrustedProxies("127.0.0.1")! }) { app in
            try await app.makeUser("ada")
            _ = try await app.postSignIn(["login": "ada", "password": "wrong"], headers: ["X-Forwarded-For": "198.51.100.1, 203.0.113.9"])
            #expect(try await app.auditRows().first?.entry.remoteAddress == "203.0.113.9")
            let decision = try await app.store.read { db in
                try db.signInDecision(login: "nobody", remoteAddress: "203.0.113.9", now: app.clock.now(),
                                      throttle: SignInThrottle(maxFailuresPerLogin: 1, maxFailuresPerAddress: 1, window: 60, lockout: 60))
            }
            #expect(decision != .allowed, "the failure counts against the forwarded address")
        }
        try await withRunningApp { app in
            try await app.makeUser("ada")
            _ = try await app.postSignIn(["login": "ada", "password": "wrong"], headers: ["X-Forwarded-For": "203.0.113.9"])
            #expect(try await app.auditRows().first?.entry.remoteAddress == "127.0.0.1")
        }
    }
}

struct TrustedProxiesTests {
    @Test("parses addresses and CIDR ranges of both families; empty is none")
    func parses() throws {
        let proxies = try #require(TrustedProxies(" 172.16.0.0/12 ,::1,, 192.168.1.10"))
        #expect(proxies.description == "172.16.0.0/12,::1,192.168.1.10")
        #expect(proxies.contains("172.20.3.4"))
        #expect(!proxies.contains("172.32.0.1"))
        #expect(proxies.contains("::ffff:172.20.3.4"), "an IPv4-mapped peer counts as IPv4")
        #expect(proxies.contains("0:0::1"))
        #expect(!proxies.contains("192.168.1.11"))
        #expect(TrustedProxies("")?.isEmpty == true)
        #expect(TrustedProxies.none.description == "none")
        #expect(!TrustedProxies.none.contains("127.0.0.1"))
    }

    @Test("rejects what is not an address or range", arguments: ["localhost", "10.0.0.0/33", "::1/129", "10.0.0.1/", "10.0.0.0/+8", "1.2.3"])
    func rejects(text: String) {
        #expect(TrustedProxies(text) == nil)
    }

    @Test("--trusted-proxies and CAPSTAN_TRUSTED_PROXIES set it; a bad value names its source")
    func configuration() throws {
        #expect(Configuration().trustedProxies.isEmpty)
        let configuration = try Configuration.resolve(flags: [:], environment: ["CAPSTAN_TRUSTED_PROXIES": "10.0.0.0/8"])
        #expect(configuration.trustedProxies == TrustedProxies("10.0.0.0/8"))
        let error = #expect(throws: ConfigurationError.self) { try Configuration.resolve(flags: [.trustedProxies: "nginx"], environment: [:]) }
        #expect(error?.source == "--trusted-proxies")
    }
}
