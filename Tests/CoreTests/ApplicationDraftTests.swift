import Foundation
import Testing
import Core

struct ApplicationDraftTests {
    static let good = ApplicationDraft(name: "checkout", groupID: 1, runAs: "app", installRoot: "/srv/apps",
                                       startCommand: "systemctl start checkout", stopCommand: "systemctl stop checkout",
                                       healthCheck: .http(url: "http://127.0.0.1:8080/healthz", expectedStatus: 200, timing: .init()))

    /// The field `change` makes `validate()` refuse, or nil when it accepts the draft.
    func failingField(_ change: (inout ApplicationDraft) -> Void) -> String? {
        var draft = Self.good
        change(&draft)
        do {
            try draft.validate()
            return nil
        } catch {
            #expect(error.code == .invalid)
            #expect(error.message.hasPrefix(error.field ?? "?"))
            return error.field
        }
    }

    @Test("the example draft is valid, with 5 releases kept by default")
    func good() {
        #expect(failingField { _ in } == nil)
        #expect(Self.good.keepReleases == 5)
    }

    @Test("names follow the schema's CHECK",
          arguments: [("checkout", true), ("a", true), ("9app.v2_x-y", true), (String(repeating: "a", count: 64), true),
                      ("", false), ("Checkout", false), ("-app", false), (".app", false), ("a b", false), ("a/b", false),
                      (String(repeating: "a", count: 65), false), ("é", false)])
    func names(_ name: String, _ valid: Bool) {
        #expect(failingField { $0.name = name } == (valid ? nil : "name"))
    }

    @Test("runAs is a POSIX account name",
          arguments: [("app", true), ("_svc", true), ("www-data", true), ("a1_b-c", true), (String(repeating: "a", count: 32), true),
                      ("", false), ("1app", false), ("-app", false), ("App", false), ("ap p", false), ("app$", false),
                      (String(repeating: "a", count: 33), false)])
    func runAs(_ account: String, _ valid: Bool) {
        #expect(failingField { $0.runAs = account } == (valid ? nil : "runAs"))
    }

    @Test("installRoot is an absolute normalized path other than /",
          arguments: [("/srv", true), ("/opt/my apps/x", true), ("/srv/a.b/..c", true),
                      ("", false), ("/", false), ("srv", false), ("/srv/", false), ("/srv//apps", false), ("/srv/../etc", false),
                      ("/srv/./x", false), ("/srv/..", false), ("/srv\nx", false), ("/" + String(repeating: "a", count: 1024), false)])
    func installRoot(_ path: String, _ valid: Bool) {
        #expect(failingField { $0.installRoot = path } == (valid ? nil : "installRoot"))
    }

    @Test("commands: up to 4096 characters, newlines fine, no NUL")
    func commands() {
        #expect(failingField { $0.startCommand = "" } == nil)
        #expect(failingField { $0.startCommand = "cd /srv &&\n  ./run --port 8080" } == nil)
        #expect(failingField { $0.startCommand = String(repeating: "x", count: 4096) } == nil)
        #expect(failingField { $0.startCommand = String(repeating: "x", count: 4097) } == "startCommand")
        #expect(failingField { $0.stopCommand = "kill\u{0}-9" } == "stopCommand")
    }

    @Test("keepReleases is 1 to 100", arguments: [(1, true), (5, true), (100, true), (0, false), (-1, false), (101, false)])
    func keepReleases(_ count: Int, _ valid: Bool) {
        #expect(failingField { $0.keepReleases = count } == (valid ? nil : "keepReleases"))
    }

    @Test("health checks are validated field by field", arguments: [
        (HealthCheck.tcp(port: 5432, timing: .init()), nil),
        (.command("pg_isready -q", timing: .init(interval: 1, timeout: 1, retries: 0)), nil),
        (.http(url: "https://example.com", expectedStatus: 204, timing: .init()), nil),
        (.http(url: "ftp://example.com", expectedStatus: 200, timing: .init()), "healthCheck.url"),
        (.http(url: "http://", expectedStatus: 200, timing: .init()), "healthCheck.url"),
        (.http(url: "http://a b", expectedStatus: 200, timing: .init()), "healthCheck.url"),
        (.http(url: "http://x", expectedStatus: 99, timing: .init()), "healthCheck.expectedStatus"),
        (.tcp(port: 0, timing: .init()), "healthCheck.port"),
        (.tcp(port: 65536, timing: .init()), "healthCheck.port"),
        (.command("", timing: .init()), "healthCheck.command"),
        (.tcp(port: 80, timing: .init(interval: 0)), "healthCheck.interval"),
        (.tcp(port: 80, timing: .init(timeout: 0)), "healthCheck.timeout"),
        (.tcp(port: 80, timing: .init(retries: 101)), "healthCheck.retries"),
        (.tcp(port: 80, timing: .init(retries: -1)), "healthCheck.retries"),
    ] as [(HealthCheck, String?)])
    func healthChecks(_ check: HealthCheck, _ field: String?) {
        #expect(failingField { $0.healthCheck = check } == field)
    }

    @Test("release strategies are validated field by field", arguments: [
        (ReleaseStrategy(), nil),
        (ReleaseStrategy(batchSizes: [.count(1), .percent(10), .percent(50), .percent(100)]), nil),
        (ReleaseStrategy(batchSizes: [.count(3)], failureLimit: .percent(10), pause: .afterFirst, autoRollback: false), nil),
        (ReleaseStrategy(batchSizes: []), "defaultStrategy.batchSize"),
        (ReleaseStrategy(batchSizes: [.count(0)]), "defaultStrategy.batchSize"),
        (ReleaseStrategy(batchSizes: [.percent(0)]), "defaultStrategy.batchSize"),
        (ReleaseStrategy(batchSizes: [.percent(101)]), "defaultStrategy.batchSize"),
        (ReleaseStrategy(batchSizes: [.count(1), .percent(50)]), "defaultStrategy.batchSize"),
        (ReleaseStrategy(maxParallel: 0), "defaultStrategy.maxParallel"),
        (ReleaseStrategy(failureLimit: .count(-1)), "defaultStrategy.failureLimit"),
        (ReleaseStrategy(failureLimit: .percent(101)), "defaultStrategy.failureLimit"),
    ] as [(ReleaseStrategy, String?)])
    func strategies(_ strategy: ReleaseStrategy, _ field: String?) {
        #expect(failingField { $0.defaultStrategy = strategy } == field)
    }
}
