import Core
import Foundation
import Storage
import Synchronization
import Testing
@testable import Web

/// A 200 MiB package goes up and comes back through the in-process server while this process's
/// resident memory is sampled: a server that buffered the body would grow by at least 200 MiB.
///
/// The client is curl, streaming from and to files, so the bytes never sit in this process's memory
/// and every byte of growth is the server's.
struct PackageMemoryTests {
    static let packageMiB = 200
    static let allowedGrowthMiB = 40

    @Test("a 200 MiB package round trip keeps the server's memory flat")
    func bigRoundTrip() async throws {
        try await withRunningApp { app in
            let token = try await Self.seedDeployer(app)
            let directory = try TemporaryDirectory()
            let made = try await PackagesAPITests.shell(
                "head -c \(Self.packageMiB)M /dev/urandom > big && tar -czf out.tgz big && rm big && sha256sum < out.tgz > sent", in: directory)
            try #require(made == 0)
            let url = "http://127.0.0.1:\(app.port)/api/v1/applications/big/packages/1.0"
            let curl = "curl -sS --fail-with-body -H 'Authorization: Bearer \(token)'"

            let upload = try await ResidentMemory.sampling {
                try await PackagesAPITests.shell("\(curl) -o response -T out.tgz '\(url)'", in: directory)
            }
            #expect(upload.result == 0, "\((try? String(contentsOfFile: directory.path + "/response", encoding: .utf8)) ?? "")")
            #expect(upload.growthMiB < Self.allowedGrowthMiB, "upload grew RSS by \(upload.growthMiB) MiB")

            let download = try await ResidentMemory.sampling {
                try await PackagesAPITests.shell("\(curl) -o back '\(url)/download' && sha256sum < back > received", in: directory)
            }
            #expect(download.result == 0)
            #expect(download.growthMiB < Self.allowedGrowthMiB, "download grew RSS by \(download.growthMiB) MiB")
            let sent = try String(contentsOfFile: directory.path + "/sent", encoding: .utf8)
            let received = try String(contentsOfFile: directory.path + "/received", encoding: .utf8)
            #expect(sent.count > 64 && sent == received)
        }
    }

    /// Group `big`, application `big` in it, and a deployer's bearer token.
    static func seedDeployer(_ app: RunningApp) async throws -> String {
        let groupID = try await app.makeGroup("big")
        _ = try await app.store.write { db in
            try db.createApplication(ApplicationDraft(name: "big", groupID: groupID, runAs: "app", installRoot: "/srv"))
        }
        let user = try await app.makeUser("deployer", roles: [groupID: .deployer])
        return try await app.makeToken(for: user)
    }
}

/// This process's VmRSS, read from /proc/self/status every 50 ms on a thread of its own while a body runs.
final class ResidentMemory: Sendable {
    private let peakKiB = Mutex(0)
    private let isDone = Atomic(false)

    /// Runs `body`; returns its result and the peak RSS minus the RSS before it, in MiB.
    static func sampling<T: Sendable>(_ body: () async throws -> T) async throws -> (result: T, growthMiB: Int) {
        let baseline = currentKiB()
        let sampler = ResidentMemory()
        sampler.peakKiB.withLock { $0 = baseline }
        let thread = Thread { sampler.run() }
        thread.start()
        defer { sampler.isDone.store(true, ordering: .relaxed) }
        let result = try await body()
        sampler.peakKiB.withLock { $0 = max($0, currentKiB()) }
        return (result, (sampler.peakKiB.withLock { $0 } - baseline) / 1024)
    }

    private func run() {
        while !isDone.load(ordering: .relaxed) {
            let now = Self.currentKiB()
            peakKiB.withLock { $0 = max($0, now) }
            usleep(50_000)
        }
    }

    static func currentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }
}
