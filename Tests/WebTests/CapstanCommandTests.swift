import Foundation
import Testing
@testable import Web

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: Repository.capstanExecutable),
                "needs `swift build` to have built .build/debug/capstan"))
struct CapstanCommandTests {
    @Test("`capstan serve --help` explains every flag with its variable and default")
    func serveHelp() async throws {
        let result = try await ChildProcess.run(["serve", "--help"])
        #expect(result.status == 0)
        let help = result.stdout.replacing(/\s+/, with: " ")
        for setting in Setting.allCases {
            #expect(help.contains("\(setting.flag) <\(setting.valueName)>"), "\(setting.flag) missing")
            #expect(help.contains("env \(setting.environmentVariable), default \(setting.defaultText)"), "\(setting) help missing")
        }
    }

    @Test("`capstan --help` lists the subcommands and every setting")
    func rootHelp() async throws {
        let result = try await ChildProcess.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("serve (default)"))
        #expect(result.stdout.contains("migrate"))
        let help = result.stdout.replacing(/\s+/, with: " ")
        for setting in Setting.allCases {
            #expect(help.contains("\(setting.flag) <\(setting.valueName)>, \(setting.environmentVariable)"))
        }
    }

    @Test("`capstan --version` prints the version; a command's own --version stays that command's option")
    func versionFlag() async throws {
        let alone = try await ChildProcess.run(["--version"])
        #expect(alone.status == 0)
        #expect(alone.stdout == App.version + "\n")
        // argument-parser's built-in flag answered this with the version and exit 0.
        let mistake = try await ChildProcess.run(["push", "--app", "web", "--version", "1.4.2"])
        #expect(mistake.status == 64)
        #expect(mistake.stderr.contains("Missing expected argument '<file>'"), "\(mistake.stderr)")
    }

    @Test("`capstan migrate --help` explains the database flags")
    func migrateHelp() async throws {
        let result = try await ChildProcess.run(["migrate", "--help"])
        #expect(result.status == 0)
        for setting in Setting.storage {
            #expect(result.stdout.contains(setting.flag))
        }
        #expect(!result.stdout.contains(Setting.port.flag))
    }

    @Test("a bad port is refused before anything starts, naming the flag or variable")
    func badPort() async throws {
        let flag = try await ChildProcess.run(["serve", "--port", "http"])
        #expect(flag.status != 0)
        #expect(flag.stderr.contains(#"invalid value "http" for --port"#))
        let variable = try await ChildProcess.run([], environment: ["CAPSTAN_PORT": "70000"])
        #expect(variable.status != 0)
        #expect(variable.stderr.contains(#"invalid value "70000" for CAPSTAN_PORT"#))
    }

    @Test("`capstan migrate` prints each migration applied, then that the database is up to date")
    func migrate() async throws {
        let data = try TemporaryDirectory()
        let arguments = ["migrate", "--data", data.path, "--migrations", Repository.migrationsDirectory]
        let first = try await ChildProcess.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: Repository.migrationsDirectory)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.count >= 2)
        #expect(first.stdout == files.map { "applied \($0)\n" }.joined())
        let second = try await ChildProcess.run(arguments)
        #expect(second.status == 0)
        #expect(second.stdout == "database is up to date\n")
    }

    @Test("`capstan migrate` and `capstan serve` exit non-zero naming a broken migration")
    func brokenMigration() async throws {
        let directory = try TemporaryDirectory()
        let migrations = try directory.makeDirectory("migrations")
        try directory.write("CREATE TABLE (", to: "migrations/0001-broken.sql")
        let data = directory.path + "/data"
        let migrate = try await ChildProcess.run(["migrate", "--data", data, "--migrations", migrations])
        #expect(migrate.status != 0)
        #expect(migrate.stderr.contains("migration 0001-broken.sql failed"))
        let serve = try await ChildProcess.run(["--port", "0", "--data", data, "--migrations", migrations,
                                                "--public", Repository.publicDirectory, "--resources", Repository.resourcesDirectory])
        #expect(serve.status != 0)
        #expect(serve.stderr.contains("migration 0001-broken.sql failed"))
    }

    @Test("`capstan serve` listens, answers, and exits 0 after SIGTERM")
    func serveUntilSignalled() async throws {
        let child = try ChildProcess([], environment: [
            "CAPSTAN_PORT": "0", "CAPSTAN_PUBLIC": Repository.publicDirectory, "CAPSTAN_RESOURCES": Repository.resourcesDirectory,
            "CAPSTAN_MIGRATIONS": Repository.migrationsDirectory,
        ])
        let output = try await child.waitForStandardError(containing: "listening on http://127.0.0.1:")
        let match = try #require(output.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/), "\(output)")
        let port = try #require(Int(match.1))
        let response = try await RawHTTP.send(method: "GET", target: "/healthz", port: port)
        #expect(response.status == 200)
        child.terminate()
        #expect(await child.exitStatus() == 0)
        #expect(FileManager.default.fileExists(atPath: child.directory.path + "/capstan-data/capstan.sqlite"))
    }

    @Test("a SIGTERM sent the moment `capstan serve` says it is listening is never lost", arguments: 0..<3)
    func signalRightAfterStart(_ attempt: Int) async throws {
        let child = try ChildProcess([], environment: [
            "CAPSTAN_PORT": "0", "CAPSTAN_PUBLIC": Repository.publicDirectory, "CAPSTAN_RESOURCES": Repository.resourcesDirectory,
            "CAPSTAN_MIGRATIONS": Repository.migrationsDirectory,
        ])
        _ = try await child.waitForStandardError(containing: "listening on http://127.0.0.1:")
        child.terminate()
        #expect(await child.exitStatus() == 0)
    }
}
