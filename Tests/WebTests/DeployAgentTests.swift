import Core
import Foundation
import Testing
@testable import Web

/// `capstan deploy --wait` and `capstan rollback --wait` against a real server with a real
/// `capstan-agent`: releases that succeed, a rollback, and a failed health check rolled back on its own.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: Repository.agentExecutable),
                             "needs `swift build` to have built .build/debug/capstan and capstan-agent"))
struct DeployAgentTests {
    @Test("deploy --wait exits 0 when the release succeeds, rollback --wait returns the host, a failing health check exits 11")
    func releasesOnARealAgent() async throws {
        try await withAgentServer(offlineAfter: .seconds(8)) { app in
            let fixture = try await AgentFixture.make(in: app)
            let host = try await AgentEndToEndTests.startHost("a", app: app, fixture: fixture)
            defer { host.agent.run?.terminate() }
            // Healthy unless the version is 3.0.0: that release fails and is rolled back.
            let check = HealthCheck.command(#"test "$CAPSTAN_VERSION" != 3.0.0"#, timing: .init(interval: 1, timeout: 5, retries: 1))
            _ = try await fixture.makeApplication(ApplicationDraft(name: "web", groupID: 0, runAs: AgentEndToEndTests.currentUser,
                                                                   installRoot: host.root, healthCheck: check), in: app)
            for version in ["1.0.0", "2.0.0", "3.0.0"] {
                _ = try await app.uploadPackage("web", version, try await AgentEndToEndTests.archive(version: version), headers: fixture.adminHeaders)
            }
            let token = String(fixture.adminHeaders["Authorization"]!.dropFirst("Bearer ".count))
            func capstan(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
                let child = try ChildProcess(arguments, environment: ["CAPSTAN_URL": "http://127.0.0.1:\(app.port)", "CAPSTAN_TOKEN": token])
                let status = await child.exitStatus(limit: .seconds(120))
                return (status, child.stdout, child.stderr)
            }
            func deploy(_ version: String) async throws -> (status: Int32, stdout: String, stderr: String) {
                try await capstan(["deploy", "--app", "web", "--version", version, "--env", "staging", "--wait"])
            }
            func servedVersion() -> String? {
                try? String(contentsOfFile: "\(host.root)/web/current/VERSION", encoding: .utf8)
            }

            let first = try await deploy("1.0.0")
            #expect(first.status == 0, "\(first.stdout) \(first.stderr) \(host.agent.logs)")
            #expect(first.stdout.hasSuffix("web 1.0.0 → staging, succeeded: 1 host deployed\n"), "\(first.stdout)")
            #expect(first.stderr.isEmpty, "\(first.stderr)")
            #expect(servedVersion() == "1.0.0\n")
            let second = try await deploy("2.0.0")
            #expect(second.status == 0, "\(second.stdout) \(second.stderr)")
            #expect(servedVersion() == "2.0.0\n")

            let rollback = try await capstan(["rollback", "--app", "web", "--env", "staging", "--wait"])
            #expect(rollback.status == 0, "\(rollback.stdout) \(rollback.stderr)")
            let lines = rollback.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("rolling back release ") == true && lines.first?.contains("web 2.0.0 → staging, succeeded") == true,
                    "\(rollback.stdout)")
            #expect(lines.dropFirst().first?.hasSuffix(": web 1.0.0 → staging, running") == true, "\(rollback.stdout)")
            #expect(lines.last?.hasSuffix("web 1.0.0 → staging, succeeded: 1 host returned to 1.0.0") == true, "\(rollback.stdout)")
            #expect(servedVersion() == "1.0.0\n")

            let broken = try await deploy("3.0.0")
            #expect(broken.status == 11, "\(broken.stdout) \(broken.stderr)")
            #expect(broken.stdout.contains("web 3.0.0 → staging, rolledBack: failure limit of 0 passed: 1 host failed; 1 host returned"),
                    "\(broken.stdout)")
            #expect(broken.stderr.hasSuffix("failed and was rolled back\n"), "\(broken.stderr)")
            #expect(servedVersion() == "1.0.0\n", "the host is back on what it ran before")

            let listed = try await capstan(["releases", "list", "--app", "web"])
            let states = listed.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true)[4] }
            #expect(states == ["rolledBack", "succeeded", "succeeded", "succeeded"], "\(listed.stdout)")
            _ = await host.agent.stop()
        }
    }
}
