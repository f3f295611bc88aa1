import Foundation
import Storage
import Testing
@testable import Web

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: Repository.capstanExecutable),
                "needs `swift build` to have built .build/debug/capstan"))
struct AdminCommandTests {
    /// Runs `capstan arguments --data <data> --migrations <repo>` with `input` on standard input.
    static func capstan(_ arguments: [String], data: String, input: String = "") async throws -> (status: Int32, stdout: String, stderr: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: Repository.capstanExecutable)
                    process.arguments = arguments + ["--data", data, "--migrations", Repository.migrationsDirectory]
                    process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CAPSTAN_") }
                    let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
                    (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
                    try process.run()
                    stdin.fileHandleForWriting.write(Data(input.utf8))
                    try stdin.fileHandleForWriting.close()
                    let out = stdout.fileHandleForReading.readDataToEndOfFile()
                    let err = stderr.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
                })
            }.start()
        }
    }

    @Test("`capstan admin create-user` reads the password from stdin; the user can sign in; refusals exit non-zero")
    func createUser() async throws {
        let directory = try TemporaryDirectory()
        let data = directory.path + "/data"
        let created = try await Self.capstan(["admin", "create-user", "--login", "ci", "--admin", "--name", "CI"], data: data,
                                             input: RunningApp.password + "\n")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "created user ci (id 1)\n")
        let again = try await Self.capstan(["admin", "create-user", "--login", "ci"], data: data, input: RunningApp.password + "\n")
        #expect(again.status != 0)
        #expect(again.stderr.contains("a user with login ci already exists"))
        let noPassword = try await Self.capstan(["admin", "create-user", "--login", "other"], data: data)
        #expect(noPassword.status != 0)
        let verified = try await Self.capstan(["audit", "verify"], data: data)
        #expect(verified.stdout == "audit chain intact (1 rows)\n")
    }

    static let sqlite3 = "/usr/bin/sqlite3"

    @Test("`capstan audit verify` exits 0 on an intact log, and 1 naming a row edited behind its back",
          .enabled(if: FileManager.default.isExecutableFile(atPath: sqlite3), "needs the sqlite3 command"))
    func verifyAudit() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            for attempt in 1...3 { _ = try await app.postSignIn(["login": "ada", "password": "wrong \(attempt)"]) }
            _ = try await app.signIn("ada")
            let rows = try await app.auditRows(limit: 100).count
            let intact = try await Self.capstan(["audit", "verify"], data: app.app.configuration.dataDirectory)
            #expect(intact.status == 0)
            #expect(intact.stdout == "audit chain intact (\(rows) rows)\n")
            let target = try #require(try await app.auditRows().first { $0.entry.action == "session.signInFailed" }).id
            let sqlite = Process()
            sqlite.executableURL = URL(fileURLWithPath: Self.sqlite3)
            sqlite.arguments = [app.store.path, "DROP TRIGGER auditIsAppendOnlyOnUpdate; UPDATE audit SET actor = 'someone-else' WHERE id = \(target);"]
            try sqlite.run()
            sqlite.waitUntilExit()
            #expect(sqlite.terminationStatus == 0)
            let broken = try await Self.capstan(["audit", "verify"], data: app.app.configuration.dataDirectory)
            #expect(broken.status == 1)
            #expect(broken.stdout.hasPrefix("audit chain broken at row \(target): "))
        }
    }

    @Test("the first start creates admin and logs its password once; the password signs in")
    func firstStart() async throws {
        let data = try TemporaryDirectory()
        let environment = [
            "CAPSTAN_PORT": "0", "CAPSTAN_DATA": data.path, "CAPSTAN_PUBLIC": Repository.publicDirectory,
            "CAPSTAN_RESOURCES": Repository.resourcesDirectory, "CAPSTAN_MIGRATIONS": Repository.migrationsDirectory,
        ]
        let first = try ChildProcess([], environment: environment)
        let output = try await first.waitForStandardError(containing: "listening on http://127.0.0.1:")
        let password = try #require(output.firstMatch(of: /first start: created user admin with password (\S+); change it after signing in/)?.1)
        let port = try #require(output.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) })
        let signIn = try await SignInForm.post(["login": "admin", "password": String(password)], port: port)
        #expect(signIn.status == 303)
        first.terminate()
        #expect(await first.exitStatus() == 0)
        let second = try ChildProcess([], environment: environment)
        let again = try await second.waitForStandardError(containing: "listening on http://127.0.0.1:")
        #expect(!again.contains("first start"))
        second.terminate()
        _ = await second.exitStatus()
    }
}
