import Foundation

/// Tar and gzip bytes for archive tests: headers written byte by byte for hostile archives, and real
/// `/bin/tar` and `gzip` child processes for honest ones.
enum ArchiveFixture {
    /// One tar entry as the test wants it written; `size` defaults to the data's length.
    struct Entry {
        var name: String
        var type: UInt8 = UInt8(ascii: "0")
        var linkName = ""
        var data: [UInt8] = []
        var size: UInt64?
        var prefix = ""
        var base256Size = false
    }

    static func file(_ name: String, _ text: String = "hello\n") -> Entry {
        Entry(name: name, data: Array(text.utf8))
    }

    static func directory(_ name: String) -> Entry { Entry(name: name, type: UInt8(ascii: "5")) }

    static func symlink(_ name: String, to target: String) -> Entry {
        Entry(name: name, type: UInt8(ascii: "2"), linkName: target)
    }

    static func hardLink(_ name: String, to target: String) -> Entry {
        Entry(name: name, type: UInt8(ascii: "1"), linkName: target)
    }

    /// A GNU long-name record (`L`) followed by `entry`, whose own name field holds a truncated stand-in.
    static func longName(_ entry: Entry) -> [Entry] {
        [Entry(name: "././@LongLink", type: UInt8(ascii: "L"), data: Array(entry.name.utf8) + [0]),
         Entry(name: String(entry.name.prefix(99)), type: entry.type, linkName: entry.linkName, data: entry.data)]
    }

    /// A pax extended header (`x`) setting `path`, followed by `entry` under a harmless stand-in name.
    static func paxPath(_ entry: Entry) -> [Entry] {
        [Entry(name: "PaxHeader/x", type: UInt8(ascii: "x"), data: paxRecord("path", entry.name)),
         Entry(name: "placeholder", type: entry.type, linkName: entry.linkName, data: entry.data)]
    }

    static func paxRecord(_ key: String, _ value: String) -> [UInt8] {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).count + body.utf8.count != length { length += 1 }
        return Array((String(length) + body).utf8)
    }

    /// A ustar stream: each entry's header and padded data, then the two zero blocks when `terminated`.
    static func tar(_ entries: [Entry], terminated: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += header(entry)
            bytes += entry.data
            bytes += [UInt8](repeating: 0, count: (512 - entry.data.count % 512) % 512)
        }
        if terminated { bytes += [UInt8](repeating: 0, count: 1024) }
        return bytes
    }

    /// A 512-byte POSIX ustar header with a correct checksum.
    static func header(_ entry: Entry) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        put(entry.name, at: 0, in: &block)
        put("0000644\0", at: 100, in: &block)
        put("0000000\0", at: 108, in: &block)
        put("0000000\0", at: 116, in: &block)
        let size = entry.size ?? UInt64(entry.data.count)
        if entry.base256Size {
            block[124] = 0x80
            for index in 0..<8 { block[135 - index] = UInt8(truncatingIfNeeded: size >> (8 * UInt64(index))) }
        } else {
            put(octal(size, width: 11) + "\0", at: 124, in: &block)
        }
        put("00000000000\0", at: 136, in: &block)
        block[156] = entry.type
        put(entry.linkName, at: 157, in: &block)
        put("ustar\000", at: 257, in: &block)
        put(entry.prefix, at: 345, in: &block)
        put("        ", at: 148, in: &block)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(octal(UInt64(sum), width: 6) + "\0 ", at: 148, in: &block)
        return block
    }

    private static func put(_ text: String, at offset: Int, in block: inout [UInt8]) {
        for (index, byte) in text.utf8.enumerated() { block[offset + index] = byte }
    }

    private static func octal(_ value: UInt64, width: Int) -> String {
        let digits = String(value, radix: 8)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `bytes` compressed by the real `gzip`.
    static func gzip(_ bytes: [UInt8], in scratch: ScratchDirectory) throws -> [UInt8] {
        let input = scratch.url.appendingPathComponent("raw-\(UUID().uuidString)")
        try Data(bytes).write(to: input)
        try run(#"gzip -n -c "$1" > "$1.gz""#, input.path)
        return try Array(Data(contentsOf: URL(fileURLWithPath: input.path + ".gz")))
    }

    /// `tar czf` of everything in `directory` (as `./…`), in the given `--format`.
    static func tarGzip(_ directory: URL, format: String = "gnu", in scratch: ScratchDirectory) throws -> [UInt8] {
        let output = scratch.url.appendingPathComponent("archive-\(UUID().uuidString).tar.gz")
        try run(#"/bin/tar --format="$3" -czf "$1" -C "$2" ."#, output.path, directory.path, format)
        return try Array(Data(contentsOf: output))
    }

    /// Runs `script` with `sh -c`, arguments as `$1`…; fails unless it exits 0. Output goes to files
    /// through the shell, never to FileHandles (see WebTests' ChildProcess).
    static func run(_ script: String, _ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "{ " + script + "; } 2>/dev/null", "sh"] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError(script: script, status: process.terminationStatus) }
    }

    struct FixtureError: Error {
        let script: String
        let status: Int32
    }
}
