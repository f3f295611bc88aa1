import Foundation
import Storage
import Testing
@testable import Web

/// The product in a real browser: `Tests/Browser/walkthrough.py` drives headless Chromium with
/// Selenium against this test's server and two real agents. `.ci/run` installs chromium,
/// chromium-driver and selenium, so in CI this suite always runs; elsewhere it needs them too.
@Suite(.serialized, .enabled(if: BrowserTools.isAvailable, "needs `swift build`, /usr/bin/chromium, /usr/bin/chromedriver and python3 with selenium"))
struct BrowserTests {
    @Test("sign in, create an application, push with the CLI, deploy from the page, watch it finish live, roll back, sign out")
    func walkthrough() async throws {
        try await withAgentServer(offlineAfter: .seconds(8)) { app in
            let fixture = try await AgentFixture.make(in: app)
            let server = "http://127.0.0.1:\(app.port)"
            let fleet = try await ReleaseFleet.start(2, server: server, token: fixture.enrollmentToken, in: app.directory)
            defer { fleet.terminateAll() }
            // 2.0.0 takes long enough per host for the page to show it running before it finishes.
            let packages = app.directory.path + "/packages"
            try FileManager.default.createDirectory(atPath: packages, withIntermediateDirectories: true)
            try Data(try await ReleaseFleet.archive(version: "1.0.0", seconds: 0.2)).write(to: URL(fileURLWithPath: packages + "/1.tgz"))
            try Data(try await ReleaseFleet.archive(version: "2.0.0", seconds: 2)).write(to: URL(fileURLWithPath: packages + "/2.tgz"))
            let group = try await app.store.read { db in try db.group(id: fixture.groupID).name }
            let screenshots = Repository.root.appendingPathComponent(".build/ci/screenshots").path
            let environment = [
                "CAPSTAN_URL": server, "CAPSTAN_TOKEN": String(fixture.adminHeaders["Authorization"]!.dropFirst("Bearer ".count)),
                "CAPSTAN_CLI": Repository.capstanExecutable, "LOGIN": fixture.admin.login, "PASSWORD": RunningApp.password,
                "GROUP": group, "ENVIRONMENT": "staging", "RUN_AS": AgentEndToEndTests.currentUser, "APPLICATION": "web",
                "PACKAGE_1": packages + "/1.tgz", "PACKAGE_2": packages + "/2.tgz", "SCREENSHOTS": screenshots,
            ]
            let script = Repository.root.appendingPathComponent("Tests/Browser/walkthrough.py").path
            let walk = try ChildProcess(["python3", script], environment: environment, executable: "/usr/bin/env")
            let status = await walk.exitStatus(limit: .seconds(300))
            #expect(status == 0, "walkthrough.py exited \(status) (screenshots in \(screenshots)):\n\(walk.stdout)\n\(walk.stderr)\n\(fleet.logs)")
            #expect(walk.stdout.contains("walkthrough passed"), "\(walk.stdout)")

            // The hosts' own records: each ran 1.0.0, 2.0.0, and 1.0.0 again for the rollback, and is back on 1.0.0.
            let releases = try await app.store.read { db in try db.releases(matching: ReleaseQuery()) }
            #expect(releases.map(\.state) == [.succeeded, .succeeded, .succeeded] && releases.first?.isRollback == true)
            for index in fleet.hosts.indices where releases.count == 3 {
                // The rollback starts 1.0.0 again from the directory its release left on the host.
                #expect(fleet.runs(index, release: releases[2].id) == 2 && fleet.runs(index, release: releases[1].id) == 1, "host \(index)")
                let current = fleet.current(index).flatMap { try? String(contentsOfFile: fleet.hosts[index].root + "/web/" + $0 + "/VERSION", encoding: .utf8) }
                #expect(current == "1.0.0\n", "host \(index) runs \(current ?? "nothing")")
            }
            await fleet.stopAll()
        }
    }
}

/// What the browser tests need on this machine.
enum BrowserTools {
    static var isAvailable: Bool {
        let files = FileManager.default
        guard files.isExecutableFile(atPath: Repository.agentExecutable), files.isExecutableFile(atPath: "/usr/bin/chromium"),
              files.isExecutableFile(atPath: "/usr/bin/chromedriver") else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import selenium"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }
}
