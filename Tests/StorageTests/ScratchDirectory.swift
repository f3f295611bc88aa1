import Foundation

/// A new temporary directory, deleted when the value goes away; holds hand-written migrations and a
/// data directory for tests that need something other than the real `migrations/`.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("capstan-storage-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// A subdirectory, created if missing.
    func directory(_ name: String) throws -> URL {
        let directory = url.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    func write(_ contents: String, to name: String, in subdirectory: String) throws {
        try contents.write(to: directory(subdirectory).appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func remove(_ name: String, in subdirectory: String) throws {
        try FileManager.default.removeItem(at: directory(subdirectory).appendingPathComponent(name))
    }
}
