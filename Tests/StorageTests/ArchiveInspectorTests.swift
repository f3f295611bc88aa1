import Archive
import Foundation
import Testing
@testable import Storage

struct ArchiveInspectorTests {
    typealias Entry = ArchiveFixture.Entry
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory() }

    /// Feeds `gzip` in chunks of `chunkSize` bytes, then finishes.
    private func inspect(_ gzip: [UInt8], chunkSize: Int = 64 * 1024, limit: UInt64 = ArchiveInspector.defaultUncompressedLimit) throws(ArchiveError) -> ArchiveSummary {
        let inspector = try ArchiveInspector(uncompressedLimit: limit)
        var offset = 0
        while offset < gzip.count {
            try inspector.feed(Array(gzip[offset..<min(offset + chunkSize, gzip.count)]))
            offset += chunkSize
        }
        return try inspector.finish()
    }

    private func refusal(_ gzip: [UInt8], chunkSize: Int = 64 * 1024, limit: UInt64 = ArchiveInspector.defaultUncompressedLimit) -> ArchiveError? {
        do {
            _ = try inspect(gzip, chunkSize: chunkSize, limit: limit)
            return nil
        } catch {
            return error
        }
    }

    private func gzip(_ entries: [Entry], terminated: Bool = true) throws -> [UInt8] {
        try ArchiveFixture.gzip(ArchiveFixture.tar(entries, terminated: terminated), in: scratch)
    }

    /// A release tree: three files, a subdirectory, two relative symlinks that stay inside.
    private func makeReleaseTree() throws -> URL {
        let root = try scratch.directory("tree")
        let files = FileManager.default
        try files.createDirectory(at: root.appendingPathComponent("app/bin"), withIntermediateDirectories: true)
        try files.createDirectory(at: root.appendingPathComponent("app/lib"), withIntermediateDirectories: true)
        try "#!/bin/sh\necho hi\n".write(to: root.appendingPathComponent("app/bin/run"), atomically: true, encoding: .utf8)
        try "readme\n".write(to: root.appendingPathComponent("app/README"), atomically: true, encoding: .utf8)
        try Data(repeating: 0x41, count: 70_000).write(to: root.appendingPathComponent("app/lib/data"))
        try files.createSymbolicLink(atPath: root.appendingPathComponent("app/current").path, withDestinationPath: "bin/run")
        try files.createSymbolicLink(atPath: root.appendingPathComponent("app/lib/readme").path, withDestinationPath: "../README")
        return root
    }

    @Test("a tar czf of a release tree passes with the right counts, whatever the chunk size", arguments: [1, 7, 64 * 1024])
    func acceptsRealArchive(chunkSize: Int) throws {
        let archive = try ArchiveFixture.tarGzip(makeReleaseTree(), in: scratch)
        let summary = try inspect(archive, chunkSize: chunkSize)
        // ./, app/, app/bin/, app/lib/ + three files + two symlinks
        #expect(summary.entryCount == 9)
        #expect(summary.fileCount == 3)
        #expect(summary.fileBytes == UInt64(18 + 7 + 70_000))
        #expect(summary.topLevelNames == ["app"])
        #expect(summary.uncompressedSize % 10_240 == 0)  // tar pads to whole records with zeros
    }

    @Test("long names survive in every format tar writes", arguments: ["gnu", "pax", "ustar"])
    func readsLongNames(format: String) throws {
        let directory = String(repeating: "d", count: 80)
        let root = try scratch.directory("long")
        try FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        try "x".write(to: root.appendingPathComponent(directory + "/" + String(repeating: "f", count: 90)), atomically: true, encoding: .utf8)
        let summary = try inspect(ArchiveFixture.tarGzip(root, format: format, in: scratch))
        #expect(summary.entryCount == 3)
        #expect(summary.fileCount == 1)
        #expect(summary.topLevelNames == [directory])
    }

    @Test("a FIFO archived by tar is refused by name")
    func refusesRealFIFO() throws {
        let root = try scratch.directory("fifo")
        try ArchiveFixture.run(#"mkfifo "$1/pipe""#, root.path)
        let archive = try ArchiveFixture.tarGzip(root, in: scratch)
        #expect(refusal(archive) == .specialFile(entry: "./pipe", kind: "FIFO"))
    }

    static let hostile: [(String, [Entry], ArchiveError)] = [
        ("parent component", [ArchiveFixture.file("../x")], .escapingPath(entry: "../x")),
        ("parent inside a path", [ArchiveFixture.file("a/../../x")], .escapingPath(entry: "a/../../x")),
        ("absolute path", [ArchiveFixture.file("/etc/x")], .absolutePath(entry: "/etc/x")),
        ("symlink to /", [ArchiveFixture.symlink("root", to: "/")], .escapingLink(entry: "root", target: "/")),
        ("symlink climbing out", [ArchiveFixture.directory("a/"), ArchiveFixture.symlink("a/out", to: "../../outside")],
         .escapingLink(entry: "a/out", target: "../../outside")),
        ("symlink through a later symlink", [ArchiveFixture.symlink("e", to: "d/.."), ArchiveFixture.symlink("d", to: ".")],
         .escapingLink(entry: "e", target: "d/..")),
        ("hard link climbing out", [ArchiveFixture.hardLink("h", to: "../outside")], .escapingLink(entry: "h", target: "../outside")),
        ("hard link to an absolute path", [ArchiveFixture.hardLink("h", to: "/etc/shadow")], .escapingLink(entry: "h", target: "/etc/shadow")),
        ("FIFO", [Entry(name: "p", type: UInt8(ascii: "6"))], .specialFile(entry: "p", kind: "FIFO")),
        ("character device", [Entry(name: "dev/null", type: UInt8(ascii: "3"))], .specialFile(entry: "dev/null", kind: "character device")),
        ("block device", [Entry(name: "sda", type: UInt8(ascii: "4"))], .specialFile(entry: "sda", kind: "block device")),
        ("GNU sparse file", [Entry(name: "s", type: UInt8(ascii: "S"))], .unknownType(entry: "s", flag: UInt8(ascii: "S"))),
        ("GNU long name climbing out", ArchiveFixture.longName(ArchiveFixture.file("../" + String(repeating: "n", count: 120))),
         .escapingPath(entry: "../" + String(repeating: "n", count: 120))),
        ("pax path climbing out", ArchiveFixture.paxPath(ArchiveFixture.file("../pax")), .escapingPath(entry: "../pax")),
        ("ustar prefix making an absolute path", [Entry(name: "x", prefix: "/etc")], .absolutePath(entry: "/etc/x")),
        ("missing end-of-archive blocks", [ArchiveFixture.file("a")], .truncated(entry: "a")),
    ]

    @Test("hostile archives are refused, naming the entry", arguments: 0..<hostile.count)
    func refusesHostileArchive(index: Int) throws {
        let (_, entries, expected) = Self.hostile[index]
        let terminated = expected != .truncated(entry: "a")
        let archive = try gzip(entries, terminated: terminated)
        for chunkSize in [1, 7, 64 * 1024] {
            #expect(refusal(archive, chunkSize: chunkSize) == expected, "\(Self.hostile[index].0), chunks of \(chunkSize)")
        }
    }

    @Test("a header with a wrong checksum is refused by its name")
    func refusesBadChecksum() throws {
        var tar = ArchiveFixture.tar([ArchiveFixture.file("good"), ArchiveFixture.file("evil")])
        tar[1024 + 1] = UInt8(ascii: "V")  // "evil" → "eVil" after the checksum was computed
        #expect(refusal(try ArchiveFixture.gzip(tar, in: scratch)) == .badChecksum(entry: "eVil"))
    }

    @Test("a truncated gzip stream is refused")
    func refusesTruncatedGzip() throws {
        let archive = try ArchiveFixture.tarGzip(makeReleaseTree(), in: scratch)
        let error = refusal(Array(archive.dropLast(8)))
        #expect(error.map { if case .truncated = $0 { true } else { false } } == true)
        #expect(refusal(Array(archive.prefix(archive.count / 2)))?.entry != nil)
    }

    @Test("bytes that are not gzip, or corrupted gzip, are refused")
    func refusesCorruptGzip() throws {
        #expect(refusal(Array("not a gzip stream at all".utf8)) == .corruptGzip("incorrect header check"))
        var archive = try ArchiveFixture.tarGzip(makeReleaseTree(), in: scratch)
        for index in 20..<40 { archive[index] ^= 0xFF }
        let error = refusal(archive)
        #expect(error.map { if case .corruptGzip = $0 { true } else { false } } == true, "\(String(describing: error))")
    }

    @Test("output beyond the limit is refused: one oversized entry at its header, many at the limit")
    func refusesGzipBomb() throws {
        let zeros = [UInt8](repeating: 0, count: 512 * 1024)
        let big = Entry(name: "zeros", data: [UInt8](repeating: 0, count: 4 << 20))
        #expect(refusal(try gzip([big]), limit: 1 << 20) == .tooLarge(entry: "zeros", limit: 1 << 20))
        let many = try gzip(["a", "b", "c"].map { Entry(name: $0, data: zeros) })
        #expect(many.count < 16 * 1024)
        #expect(refusal(many, limit: 1 << 20) == .tooLarge(entry: "b", limit: 1 << 20))
        #expect(try inspect(many, limit: 2 << 20).fileBytes == 3 * 512 * 1024)
    }

    @Test("anything but zero padding after the end blocks is refused; zero padding is fine")
    func refusesTrailingGarbage() throws {
        let tar = ArchiveFixture.tar([ArchiveFixture.file("a")])
        #expect(refusal(try ArchiveFixture.gzip(tar + Array("junk".utf8), in: scratch)) == .trailingGarbage(offset: UInt64(tar.count)))
        #expect(try inspect(ArchiveFixture.gzip(tar + [UInt8](repeating: 0, count: 9_000), in: scratch)).entryCount == 1)
        let lone = ArchiveFixture.tar([ArchiveFixture.file("a")], terminated: false) + [UInt8](repeating: 0, count: 512) + ArchiveFixture.header(ArchiveFixture.file("b"))
        #expect(refusal(try ArchiveFixture.gzip(lone, in: scratch)) == .trailingGarbage(offset: 1536))
    }

    @Test("concatenated gzip members read as one stream")
    func acceptsConcatenatedMembers() throws {
        let tar = ArchiveFixture.tar([ArchiveFixture.file("a"), ArchiveFixture.file("b", "two")])
        let joined = try ArchiveFixture.gzip(Array(tar.prefix(700)), in: scratch) + ArchiveFixture.gzip(Array(tar.dropFirst(700)), in: scratch)
        for chunkSize in [1, 7, 64 * 1024] {
            let summary = try inspect(joined, chunkSize: chunkSize)
            #expect(summary.entryCount == 2)
            #expect(summary.fileBytes == 9)
        }
    }

    @Test("GNU base-256 sizes and pax sizes are read")
    func readsLargeSizeEncodings() throws {
        let data = [UInt8](repeating: 7, count: 1000)
        let base256 = Entry(name: "b", data: data, base256Size: true)
        let pax = [Entry(name: "PaxHeader/p", type: UInt8(ascii: "x"), data: ArchiveFixture.paxRecord("size", "1000")),
                   Entry(name: "p", data: data, size: 0)]
        let summary = try inspect(gzip([base256] + pax))
        #expect(summary.fileCount == 2)
        #expect(summary.fileBytes == 2000)
    }

    @Test("errors read as messages that name the entry")
    func messagesNameTheEntry() {
        #expect(ArchiveError.escapingPath(entry: "../x").description == #"entry "../x": path escapes the archive root"#)
        #expect(ArchiveError.escapingLink(entry: "l", target: "/").description == #"entry "l": link target "/" escapes the archive root"#)
        #expect(ArchiveError.absolutePath(entry: "a\"\n").description == #"entry "a\"\u{a}": absolute paths are not allowed"#)
    }
}
