import Foundation
import Testing

/// `capstan packages`, the built binary, against `PushContractServer`.
struct PushPackagesCommandTests {
    func packages(_ server: String, _ extra: [String] = []) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await ChildProcess.run(["packages", "--app", "web"] + extra,
                                   environment: ["CAPSTAN_URL": server, "CAPSTAN_TOKEN": PushContractServer.token])
    }

    func seed(_ server: String, versions: [String]) async throws {
        let directory = try TemporaryDirectory()
        try directory.write("package", to: "web.tar.gz")
        for version in versions {
            let pushed = try await ChildProcess.run(
                ["push", "--app", "web", "--version", version, directory.path + "/web.tar.gz", "--commit", "0123456789abcdef0"],
                environment: PushCommandTests.quietCI.merging(["CAPSTAN_URL": server, "CAPSTAN_TOKEN": PushContractServer.token]) { _, new in new })
            try #require(pushed.status == 0, "\(pushed.stderr)")
        }
    }

    @Test func listsNewestFirstAsATable() async throws {
        try await PushContractServer.run { server, contract in
            try await seed(server, versions: ["1.0.0", "1.1.0"])
            let result = try await packages(server)
            #expect(result.status == 0, "\(result.stderr)")
            let sha = "bc4a71180870"  // sha256("package")
            #expect(result.stdout == """
                VERSION  SIZE  SHA256        CREATED              BY  COMMIT
                1.1.0    7 B   \(sha)  2026-11-22 05:51:23  ci  0123456789ab
                1.0.0    7 B   \(sha)  2026-11-22 05:51:23  ci  0123456789ab

                """)
            #expect(await contract.requests.last?.target == "/api/v1/applications/web/packages?limit=20")
        }
    }

    @Test("--json prints the server's body as it came; a cut-off page says how to go on")
    func jsonAndCursor() async throws {
        try await PushContractServer.run { server, _ in
            try await seed(server, versions: ["1.0.0", "1.1.0"])
            let result = try await packages(server, ["--json", "--limit", "1"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix(#"{"items":[{"application":"web","createdAt""#))
            #expect(result.stdout.hasSuffix(#""nextCursor":"1.1.0"}"# + "\n"))
            let table = try await packages(server, ["--limit", "1"])
            #expect(table.stderr == "more: --cursor 1.1.0\n")
        }
    }

    @Test func unknownApplicationIsReported() async throws {
        try await PushContractServer.run(answer: { _ in PushContractServer.error(404, "notFound", "no application web") }) { server, _ in
            let result = try await packages(server)
            #expect(result.status == 1)
            #expect(result.stderr == "capstan: 404 notFound: no application web\n")
        }
    }
}
