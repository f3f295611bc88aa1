import Foundation
import HTTP
import Testing

/// `capstan push`, the built binary, against `PushContractServer`.
///
/// The same commands against the real app are in `PushEndToEndTests`.
struct PushCommandTests {
    let directory: TemporaryDirectory
    let file: String
    let bytes: [UInt8]

    init() throws {
        directory = try TemporaryDirectory()
        file = directory.path + "/web.tar.gz"
        // Past 1 MiB, so curl streams it in pieces and asks for 100-continue.
        bytes = (0..<(3 << 20) + 5).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 10) }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
    }

    /// No CI variables from the machine running the tests leak into the pushes.
    static let quietCI = ["GITHUB_SHA": "", "GITHUB_REF_NAME": "", "GITHUB_SERVER_URL": "", "CI_COMMIT_SHA": "",
                          "CI_COMMIT_REF_NAME": "", "CI_JOB_URL": ""]

    func push(_ server: String, version: String = "1.4.2", _ extra: [String] = [], file: String? = nil,
              environment: [String: String] = [:]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let settings = Self.quietCI.merging(["CAPSTAN_URL": server, "CAPSTAN_TOKEN": PushContractServer.token]) { _, new in new }
        return try await ChildProcess.run(["push", "--app", "web", "--version", version, file ?? self.file] + extra,
                                          environment: settings.merging(environment) { _, new in new })
    }

    func sha256sum() throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix { $0 != " " })
    }

    @Test("sends the file's bytes exactly, with the token, type, hash and percent-encoded metadata")
    func sendsFileAndHeaders() async throws {
        let sha256 = try sha256sum()
        try await PushContractServer.run { server, contract in
            let result = try await push(server, ["--commit", "abc123", "--branch", "main",
                                                 "--build-url", "https://ci.test/b/1", "--notes", "café: 100%"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "pushed web 1.4.2 sha256 \(sha256) (\(bytes.count) bytes)\n")
            let requests = await contract.requests
            try #require(requests.count == 1)
            let request = requests[0]
            #expect(request.target == "/api/v1/applications/web/packages/1.4.2")
            #expect(request.body == bytes)
            #expect(request.headers["Authorization"] == "Bearer good-token")
            #expect(request.headers["Content-Type"] == "application/gzip")
            #expect(request.headers["X-Capstan-SHA256"] == sha256)
            #expect(request.headers["X-Capstan-Commit"] == "abc123")
            #expect(request.headers["X-Capstan-Branch"] == "main")
            #expect(request.headers["X-Capstan-Build-URL"] == "https%3A%2F%2Fci.test%2Fb%2F1")
            #expect(request.headers["X-Capstan-Notes"] == "caf%C3%A9%3A%20100%25")
        }
    }

    @Test func commitAndBranchDefaultFromCIVariables() async throws {
        try await PushContractServer.run { server, contract in
            let result = try await push(server, environment: ["GITHUB_SHA": "f00d", "CI_COMMIT_REF_NAME": "release"])
            #expect(result.status == 0, "\(result.stderr)")
            let headers = await contract.requests.first?.headers
            #expect(headers?["X-Capstan-Commit"] == "f00d")
            #expect(headers?["X-Capstan-Branch"] == "release")
            #expect(headers?["X-Capstan-Notes"] == nil)
        }
    }

    @Test("a retry with the same bytes says it is already there and succeeds")
    func retryIsAlreadyThere() async throws {
        let sha256 = try sha256sum()
        try await PushContractServer.run { server, _ in
            _ = try await push(server)
            let again = try await push(server)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout == "already there: web 1.4.2 sha256 \(sha256) (\(bytes.count) bytes)\n")
        }
    }

    @Test("other bytes under an existing version: 409, the server's words, exit 3")
    func conflict() async throws {
        try await PushContractServer.run { server, _ in
            _ = try await push(server)
            try Data("other bytes".utf8).write(to: URL(fileURLWithPath: file))
            let result = try await push(server)
            #expect(result.status == 3)
            #expect(result.stdout == "")
            #expect(result.stderr == "capstan: 409 conflict: version 1.4.2 of web already exists with other bytes\n")
        }
    }

    @Test func badArchiveIsReportedWithTheEntry() async throws {
        let reply = PushContractServer.error(422, "invalid", "bad archive: entry ../etc/passwd leaves the package")
        try await PushContractServer.run(answer: { _ in reply }) { server, _ in
            let result = try await push(server)
            #expect(result.status == 1)
            #expect(result.stderr == "capstan: 422 invalid: bad archive: entry ../etc/passwd leaves the package\n")
        }
    }

    @Test func badTokenIsUnauthorized() async throws {
        try await PushContractServer.run { server, _ in
            let result = try await push(server, environment: ["CAPSTAN_TOKEN": "wrong"])
            #expect(result.status == 1)
            #expect(result.stderr == "capstan: 401 unauthorized: a valid API token is required\n")
        }
    }

    @Test("a missing file is named before any request is made")
    func missingFile() async throws {
        try await PushContractServer.run { server, contract in
            let result = try await push(server, file: "build/nope.tar.gz")
            #expect(result.status == 1)
            #expect(result.stderr == "capstan: no such file: build/nope.tar.gz\n")
            #expect(await contract.requests.isEmpty)
        }
    }

    @Test func missingTokenIsAUsageError() async throws {
        let result = try await ChildProcess.run(["push", "--app", "web", "--version", "1", file],
                                                environment: ["CAPSTAN_URL": "http://127.0.0.1:1"])
        #expect(result.status == 64)
        #expect(result.stderr == "capstan: no token: pass --token or set CAPSTAN_TOKEN\n")
    }

    @Test("an unreachable server is named with the URL")
    func unreachableServer() async throws {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let result = try await push("http://127.0.0.1:1")
        #expect(result.status == 1)
        #expect(result.stderr == "capstan: cannot reach http://127.0.0.1:1/api/v1/applications/web/packages/1.4.2: connection refused\n")
    }

    @Test func slowServerTimesOut() async throws {
        try await PushContractServer.run(answer: { _ in
            try? await Task.sleep(for: .seconds(3))
            return nil
        }) { server, _ in
            let result = try await push(server, ["--timeout", "1"])
            #expect(result.status == 1)
            #expect(result.stderr == "capstan: cannot reach \(server)/api/v1/applications/web/packages/1.4.2: timed out\n")
        }
    }
}
