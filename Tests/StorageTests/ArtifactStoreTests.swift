import Archive
import Foundation
import Testing
@testable import Storage

struct ArtifactStoreTests {
    let scratch: ScratchDirectory
    let store: ArtifactStore

    init() throws {
        scratch = try ScratchDirectory()
        store = try ArtifactStore(dataDirectory: scratch.url.appendingPathComponent("data/nested"))
    }

    /// A real package: `tar czf` of a small tree with `count` bytes of text in it.
    private func makePackage(_ text: String = "v1") throws -> [UInt8] {
        let root = try scratch.directory("tree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try text.write(to: root.appendingPathComponent("bin/run"), atomically: true, encoding: .utf8)
        try Data(repeating: 0x61, count: 100_000).write(to: root.appendingPathComponent("payload"))
        return try ArchiveFixture.tarGzip(root, in: scratch)
    }

    /// SHA-256 as the system's `sha256sum` computes it.
    private func sha256sum(_ bytes: [UInt8]) throws -> String {
        let file = scratch.url.appendingPathComponent("sum-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        try ArchiveFixture.run(#"sha256sum "$1" | cut -c1-64 > "$1.sum""#, file.path)
        return try String(contentsOfFile: file.path + ".sum", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func upload(_ bytes: [UInt8], expected: String? = nil, chunkSize: Int = 4096) throws(ArtifactError) -> StoredArtifact {
        let upload = try store.beginUpload()
        var offset = 0
        while offset < bytes.count {
            try upload.write(Array(bytes[offset..<min(offset + chunkSize, bytes.count)]))
            offset += chunkSize
        }
        return try upload.finish(expectedSHA256: expected)
    }

    /// Every file under `artifacts/<subdirectory>`, recursively, relative.
    private func files(in subdirectory: String) throws -> [String] {
        let directory = store.directory.appendingPathComponent(subdirectory).path
        return try FileManager.default.subpathsOfDirectory(atPath: directory)
            .filter { !isDirectory(directory + "/" + $0) }
            .sorted()
    }

    private func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    @Test("an upload lands under its SHA-256 with the same bytes, and tmp/ is left empty")
    func roundTrip() throws {
        let package = try makePackage()
        let sum = try sha256sum(package)
        let stored = try upload(package, expected: sum.uppercased())
        #expect(stored.sha256.hex == sum)
        #expect(stored.size == UInt64(package.count))
        #expect(stored.path == store.path(for: stored.sha256))
        #expect(stored.path.path.hasSuffix("/artifacts/sha256/\(sum.prefix(2))/\(sum)"))
        #expect(try Array(Data(contentsOf: stored.path)) == package)
        #expect(stored.archive.fileCount == 2)
        #expect(store.exists(sha256: stored.sha256))
        #expect(try files(in: "tmp").isEmpty)
        #expect(try files(in: "sha256") == ["\(sum.prefix(2))/\(sum)"])
    }

    @Test("without a checksum from CI the upload is still stored under the computed one")
    func storesWithoutExpectedChecksum() throws {
        let package = try makePackage()
        #expect(try upload(package, chunkSize: 1).sha256.hex == sha256sum(package))
    }

    @Test("a checksum mismatch keeps nothing")
    func checksumMismatchKeepsNothing() throws {
        let package = try makePackage()
        let wrong = String(repeating: "0", count: 64)
        #expect(throws: ArtifactError.checksumMismatch(expected: wrong, actual: try sha256sum(package))) {
            try upload(package, expected: wrong)
        }
        #expect(throws: ArtifactError.invalidChecksum("../../etc/passwd")) { try upload(package, expected: "../../etc/passwd") }
        #expect(try files(in: "tmp").isEmpty)
        #expect(try files(in: "sha256").isEmpty)
    }

    @Test("the same bytes uploaded twice share one file")
    func sameBytesShareOneFile() throws {
        let package = try makePackage()
        let first = try upload(package)
        let second = try upload(package, chunkSize: 777)
        #expect(first == second)
        #expect(try files(in: "sha256").count == 1)
        #expect(try upload(makePackage("v2")).sha256 != first.sha256)
        #expect(try files(in: "sha256").count == 2)
        #expect(try files(in: "tmp").isEmpty)
    }

    @Test("reusing a stored file freshens it, so the retention sweep's age rule spares it")
    func reuseFreshensTheFile() throws {
        let package = try makePackage()
        let first = try upload(package)
        let old = Date(timeIntervalSinceNow: -7200)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: first.path.path)
        _ = try upload(package)
        let modified = try #require(try FileManager.default.attributesOfItem(atPath: first.path.path)[.modificationDate] as? Date)
        #expect(modified > Date(timeIntervalSinceNow: -60))
    }

    @Test("abandoning, dropping or refusing an upload leaves nothing behind")
    func abandonLeavesNothing() throws {
        let package = try makePackage()
        let upload = try store.beginUpload()
        try upload.write(Array(package.prefix(1000)))
        #expect(FileManager.default.fileExists(atPath: upload.temporaryPath))
        upload.abandon()
        upload.abandon()
        #expect(try files(in: "tmp").isEmpty)

        do {
            let dropped = try store.beginUpload()
            try dropped.write(Array(package.prefix(1000)))
            #expect(try files(in: "tmp").count == 1)
        }
        #expect(try files(in: "tmp").isEmpty)

        let hostile = try ArchiveFixture.gzip(ArchiveFixture.tar([ArchiveFixture.file("../x")]), in: scratch)
        #expect(throws: ArtifactError.invalidArchive(.escapingPath(entry: "../x"))) { try self.upload(hostile) }
        let truncated = #expect(throws: ArtifactError.self) { try self.upload(Array(package.dropLast(20))) }
        #expect(truncated.map { if case .invalidArchive(.truncated) = $0 { true } else { false } } == true)
        #expect(try files(in: "tmp").isEmpty)
        #expect(try files(in: "sha256").isEmpty)
    }

    @Test("start-up removes what interrupted uploads left in tmp/")
    func removesStaleUploads() throws {
        let crashed = try store.beginUpload()
        try crashed.write(Array(try makePackage().prefix(100)))
        try Data("x".utf8).write(to: store.directory.appendingPathComponent("tmp/leftover.part"))
        let stored = try upload(makePackage())

        // A restart: a new store over the same directory, before any upload begins.
        let restarted = try ArtifactStore(dataDirectory: scratch.url.appendingPathComponent("data/nested"))
        #expect(try restarted.removeStaleUploads() == 2)
        #expect(try files(in: "tmp").isEmpty)
        #expect(restarted.exists(sha256: stored.sha256))
        crashed.abandon()
    }

    /// Whether this process may mount a tmpfs (root in a container that allows it), to fill a disk.
    static let canMountTmpfs: Bool = {
        guard geteuid() == 0, let probe = try? ScratchDirectory() else { return false }
        return (try? ArchiveFixture.run(#"mount -t tmpfs -o size=64k tmpfs "$1" && umount "$1""#, probe.url.path)) != nil
    }()

    @Test("a full disk answers .diskFull and keeps nothing", .enabled(if: canMountTmpfs, "needs root to mount a small tmpfs"))
    func fullDiskKeepsNothing() throws {
        let root = try scratch.directory("random")
        try ArchiveFixture.run(#"head -c 1000000 /dev/urandom > "$1/noise""#, root.path)
        let package = try ArchiveFixture.tarGzip(root, in: scratch)
        let disk = try scratch.directory("small-disk")
        try ArchiveFixture.run(#"mount -t tmpfs -o size=256k tmpfs "$1""#, disk.path)
        defer { try? ArchiveFixture.run(#"umount "$1""#, disk.path) }
        let small = try ArtifactStore(dataDirectory: disk)

        let upload = try small.beginUpload()
        let error = #expect(throws: ArtifactError.self) {
            for start in stride(from: 0, to: package.count, by: 64 * 1024) {
                try upload.write(Array(package[start..<min(start + 64 * 1024, package.count)]))
            }
        }
        #expect(error == .diskFull)
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path + "/artifacts/tmp").isEmpty)
    }

    @Test("delete removes the file; deleting a missing one is fine")
    func deletes() throws {
        let stored = try upload(makePackage())
        try store.delete(sha256: stored.sha256)
        #expect(!store.exists(sha256: stored.sha256))
        try store.delete(sha256: stored.sha256)
        #expect(try files(in: "sha256").isEmpty)
    }

    @Test("a digest is 64 hex characters and nothing else", arguments: [
        "", "../../etc/passwd", String(repeating: "a", count: 63), String(repeating: "a", count: 65),
        String(repeating: "g", count: 64), String(repeating: "a", count: 62) + "/x",
    ])
    func refusesBadDigest(_ text: String) {
        #expect(ArtifactDigest(text) == nil)
    }

    @Test("a digest accepts either case and keeps lowercase")
    func digestLowercases() {
        #expect(ArtifactDigest(String(repeating: "aB", count: 32))?.hex == String(repeating: "ab", count: 32))
    }
}
