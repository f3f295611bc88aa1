import Foundation
import Logging

extension Store {
    /// This repository's `migrations/` folder, found from this source file's path
    /// (`Sources/Storage/` → `../../migrations`). Tests use it; a deployed server is configured instead.
    public static let sourceMigrationsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Storage/
        .deletingLastPathComponent()  // Sources/
        .deletingLastPathComponent()  // the repository
        .appendingPathComponent("migrations", isDirectory: true)

    /// A fresh database in a new temporary directory, migrated with `migrationsDirectory` (by default
    /// the real one); the directory is deleted when the store goes away. For tests.
    public static func temporary(migrationsDirectory: URL = sourceMigrationsDirectory) throws -> Store {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("capstan-store-\(UUID().uuidString)", isDirectory: true)
        let logger = Logger(label: "capstan.storage.temporary", factory: { _ in SwiftLogNoOpLogHandler() })
        let store = try Store(dataDirectory: directory, logger: logger, ownedDirectory: directory)
        try Migrator(directory: migrationsDirectory, store: store).migrate()
        return store
    }
}
