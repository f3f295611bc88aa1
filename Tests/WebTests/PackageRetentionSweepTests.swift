import Core
import Foundation
import GRDB
import Storage
import Testing
@testable import Web

struct PackageRetentionSweepTests {
    let store: Store
    let artifacts: ArtifactStore
    let directory: URL

    init() throws {
        store = try Store.temporary()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-retention-\(UUID().uuidString)")
        artifacts = try ArtifactStore(dataDirectory: directory)
    }

    private func digest(_ byte: String) -> ArtifactDigest { ArtifactDigest(String(repeating: byte, count: 32))! }

    /// Writes a file for `digest` last modified at `modified`.
    private func storeFile(_ digest: ArtifactDigest, modified: Date) throws {
        let path = artifacts.path(for: digest)
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("bytes".utf8).write(to: path)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path.path)
    }

    /// One application with a version per digest, oldest first.
    private func makeVersions(_ digests: [ArtifactDigest], createdAt: Date) throws {
        try store.write { db in
            try db.execute(sql: "INSERT INTO user (login, createdAt) VALUES ('ci', 0)")
            let user = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO productGroup (name) VALUES ('payments')")
            try db.execute(sql: "INSERT INTO application (groupID, name, runAs, installRoot) VALUES (?, 'checkout', 'app', '/srv')",
                           arguments: [db.lastInsertedRowID])
            let application = db.lastInsertedRowID
            for (index, digest) in digests.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO package (applicationID, version, sha256, size, storagePath, createdBy, createdAt)
                        VALUES (?, ?, ?, 5, ?, ?, ?)
                        """,
                    arguments: [application, "1.\(index)", digest.hex, "artifacts/v\(index)", user,
                                createdAt.addingTimeInterval(Double(index)).millisecondsSince1970])
            }
        }
    }

    @Test("removes the files of deleted versions, but not one a kept version shares")
    func removesFiles() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = Date()
        let (shared, dropped) = (digest("aa"), digest("bb"))
        try makeVersions([shared, dropped, shared], createdAt: now.addingTimeInterval(-86_400))
        try storeFile(shared, modified: now)
        try storeFile(dropped, modified: now.addingTimeInterval(-2 * PackageRetentionSweep.strayFileMinimumAge))
        let sweep = PackageRetentionSweep(store: store, artifacts: artifacts, retention: PackageRetention(keepCount: 1))
        let outcome = try await sweep.run(now: now)
        #expect(outcome.removed.map(\.version) == ["1.1", "1.0"])
        #expect(outcome.deletedFiles == 1)
        #expect(artifacts.exists(sha256: shared))
        #expect(!artifacts.exists(sha256: dropped))
        let audited = try await store.read { db in try db.auditRecords(matching: AuditQuery(action: "package.delete")).count }
        #expect(audited == 2)
    }

    @Test("removes files no row names only once they are an hour old")
    func strayFiles() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = Date()
        let (used, old, fresh) = (digest("cc"), digest("dd"), digest("ee"))
        try makeVersions([used], createdAt: now)
        try storeFile(used, modified: now.addingTimeInterval(-7200))
        try storeFile(old, modified: now.addingTimeInterval(-PackageRetentionSweep.strayFileMinimumAge - 60))
        try storeFile(fresh, modified: now.addingTimeInterval(-PackageRetentionSweep.strayFileMinimumAge + 60))
        let sweep = PackageRetentionSweep(store: store, artifacts: artifacts, retention: PackageRetention())
        let outcome = try await sweep.run(now: now)
        #expect(outcome.removed.isEmpty)
        #expect(outcome.deletedFiles == 1)
        #expect(artifacts.exists(sha256: used))
        #expect(!artifacts.exists(sha256: old))
        #expect(artifacts.exists(sha256: fresh))
    }
}
