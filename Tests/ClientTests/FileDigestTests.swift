import Foundation
import Testing
@testable import Client

struct FileDigestTests {
    @Test("matches sha256sum across 1 MiB read boundaries", arguments: [0, 1, (1 << 20) - 1, 1 << 20, 3 * (1 << 20) + 17])
    func matchesSHA256Sum(size: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-digest-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let digest = try FileDigest.of(fileAt: path)

        #expect(digest.sha256 == (try sha256sum(path)))
        #expect(digest.size == Int64(size))
    }

    @Test func unreadableFileIsAFileError() {
        #expect(throws: ClientError(.file, "cannot read /nonexistent/web.tar.gz")) {
            try FileDigest.of(fileAt: "/nonexistent/web.tar.gz")
        }
    }

    private func sha256sum(_ path: String) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix { $0 != " " })
    }
}
