import Core
import Foundation
import Testing
@testable import Web

/// `capstan push` and `capstan packages`, the built binary, against the real app: the contract the
/// CLI was written to, checked end to end.
struct PushEndToEndTests {
    @Test("push creates, a retry is answered 'already there', other bytes conflict, and packages lists it")
    func pushAgainstTheRealServer() async throws {
        try await withRunningApp { app in
            let group = try await app.makeGroup("Payments")
            let user = try await app.makeUser("ci", roles: [group: .deployer])
            let token = try await app.makeToken(for: user, groups: .groups([group]), maxRole: .deployer)
            _ = try await app.store.write { db in
                try db.createApplication(ApplicationDraft(name: "web", groupID: group, runAs: "web", installRoot: "/srv/web"))
            }
            let directory = try TemporaryDirectory()
            let first = directory.path + "/web.tar.gz"
            let other = directory.path + "/other.tar.gz"
            try Data(try await PackagesAPITests.package("v1")).write(to: URL(fileURLWithPath: first))
            try Data(try await PackagesAPITests.package("v1 rebuilt")).write(to: URL(fileURLWithPath: other))
            let sum = try await PackagesAPITests.sha256(Array(try Data(contentsOf: URL(fileURLWithPath: first))))
            let environment = PushCommandTests.quietCI.merging(["CAPSTAN_URL": "http://127.0.0.1:\(app.port)", "CAPSTAN_TOKEN": token]) { _, new in new }
            func capstan(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
                try await ChildProcess.run(arguments, environment: environment)
            }

            let created = try await capstan(["push", "--app", "web", "--version", "1.4.2", first, "--commit", "abc123", "--notes", "first, \"quoted\"\nsecond line"])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("pushed web 1.4.2 sha256 \(sum)"))
            let retried = try await capstan(["push", "--app", "web", "--version", "1.4.2", first])
            #expect(retried.status == 0, "\(retried.stderr)")
            #expect(retried.stdout.contains("already there: web 1.4.2"))
            let conflict = try await capstan(["push", "--app", "web", "--version", "1.4.2", other])
            #expect(conflict.status == 3)
            #expect(conflict.stderr.contains("409"))
            let listed = try await capstan(["packages", "--app", "web", "--json"])
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stdout.contains(sum) && listed.stdout.contains("\"commit\":\"abc123\""))
            #expect(listed.stdout.contains(#"first, \"quoted\"\nsecond line"#))
        }
    }
}
