import Core
import Foundation
import Glibc
import Storage
import Testing
@testable import Web

/// The upload API's answers when the server, not the client, is at fault: a full disk is 507 and
/// an I/O failure is 500 with a request id and no path; neither leaves a file or a row behind.
@Suite(.serialized)
struct PackageUploadFailureTests {
    static let canMountTmpfs: Bool = {
        guard geteuid() == 0, let probe = try? TemporaryDirectory() else { return false }
        return (try? shell(#"mount -t tmpfs -o size=64k tmpfs "$1" && umount "$1""#, probe.path)) == 0
    }()

    @discardableResult
    static func shell(_ script: String, _ argument: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh", argument]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func randomArchive(bytes: Int) async throws -> [UInt8] {
        try await PackagesAPITests.archive("mkdir bin && head -c \(bytes) /dev/urandom > bin/app && tar -czf out.tgz bin")
    }

    static func packageCount(_ app: RunningApp) async throws -> Int {
        try await app.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM package") ?? -1 }
    }

    @Test("a full disk answers 507 and keeps no file and no row", .enabled(if: canMountTmpfs, "needs root to mount a small tmpfs"))
    func diskFull() async throws {
        let disk = try TemporaryDirectory()
        try Self.shell(#"mount -t tmpfs -o size=3m tmpfs "$1""#, disk.path)
        defer { _ = try? Self.shell(#"umount "$1""#, disk.path) }
        let archive = try await Self.randomArchive(bytes: 4_000_000)
        try await withRunningApp(configure: { configuration, _ in configuration.dataDirectory = disk.path + "/data" }) { app in
            let fixture = try await AgentFixture.make(in: app)
            _ = try await fixture.makeApplication(ApplicationDraft(name: "web", groupID: 0, runAs: "app", installRoot: "/srv"), in: app)
            let response = try await RawHTTP.send(method: "PUT", target: "/api/v1/applications/web/packages/1.0", headers: fixture.adminHeaders,
                                                  body: archive, port: app.port)
            #expect(response.status == 507)
            #expect(response.text.contains(#""code":"#))
            #expect(try await Self.packageCount(app) == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path + "/data/artifacts/tmp").isEmpty)
        }
    }

    @Test("an I/O failure answers 500 with a request id, names no path, and keeps nothing")
    func ioFailure() async throws {
        try await withRunningApp { app in
            let fixture = try await AgentFixture.make(in: app)
            _ = try await fixture.makeApplication(ApplicationDraft(name: "web", groupID: 0, runAs: "app", installRoot: "/srv"), in: app)
            let archive = try await Self.randomArchive(bytes: 10_000)
            // Where finished uploads are renamed to is a file, not a directory: the rename fails.
            let content = app.app.configuration.dataDirectory + "/artifacts/sha256"
            try FileManager.default.removeItem(atPath: content)
            try Data("x".utf8).write(to: URL(fileURLWithPath: content))
            let response = try await RawHTTP.send(method: "PUT", target: "/api/v1/applications/web/packages/1.0", headers: fixture.adminHeaders,
                                                  body: archive, port: app.port)
            #expect(response.status == 500)
            #expect(response.header("X-Request-ID") != nil)
            #expect(!response.text.contains(app.app.configuration.dataDirectory))
            #expect(try await Self.packageCount(app) == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: app.app.configuration.dataDirectory + "/artifacts/tmp").isEmpty)
        }
    }
}
