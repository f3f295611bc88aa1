import Foundation

/// Paths inside this repository, found from this file's path (`Tests/WebTests/Support/`).
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support/
        .deletingLastPathComponent()  // WebTests/
        .deletingLastPathComponent()  // Tests/
        .deletingLastPathComponent()  // the repository

    static let publicDirectory = root.appendingPathComponent("Public").path
    static let resourcesDirectory = root.appendingPathComponent("Resources").path
    static let migrationsDirectory = root.appendingPathComponent("migrations").path
    /// The `capstan` executable `swift build` leaves behind.
    static let capstanExecutable = root.appendingPathComponent(".build/debug/capstan").path
    /// The `capstan-agent` executable beside it.
    static let agentExecutable = root.appendingPathComponent(".build/debug/capstan-agent").path
}

/// A fresh temporary directory, deleted when the value goes away.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-web-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `name` inside the directory, created as a directory.
    func makeDirectory(_ name: String) throws -> String {
        let directory = path + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Writes `contents` to `name` (a path relative to the directory).
    func write(_ contents: String, to name: String) throws {
        try contents.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
    }
}
