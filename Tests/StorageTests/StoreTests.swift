import Foundation
import GRDB
import Logging
import Testing
@testable import Storage

struct StoreTests {
    let scratch: ScratchDirectory
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    init() throws { scratch = try ScratchDirectory() }

    private func open() throws -> Store {
        try Store.open(
            at: scratch.url.appendingPathComponent("data"),
            migrationsDirectory: Store.sourceMigrationsDirectory,
            logger: logger)
    }

    @Test("a fresh store applies every migration once and records each by name")
    func freshStoreAppliesEveryMigration() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Store.sourceMigrationsDirectory.path)
            .filter { $0.hasSuffix(".sql") }
            .sorted()
        #expect(files.first == "0001-initial-schema.sql")

        let store = try open()
        let applied = try Migrator(directory: Store.sourceMigrationsDirectory, store: store).appliedMigrations()
        #expect(applied.map(\.name) == files)
        #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("data/capstan.sqlite").path))
    }

    @Test("opening again applies nothing and keeps the recorded times")
    func reopeningAppliesNothing() throws {
        let first = try Migrator(directory: Store.sourceMigrationsDirectory, store: open()).appliedMigrations()
        let store = try open()
        let migrator = Migrator(directory: Store.sourceMigrationsDirectory, store: store)
        #expect(try migrator.pendingMigrations().isEmpty)
        #expect(try migrator.migrate().isEmpty)
        #expect(try migrator.appliedMigrations() == first)
    }

    @Test("the file is in WAL mode and enforces foreign keys on readers and the writer")
    func walAndForeignKeys() async throws {
        let store = try Store.temporary()
        let readerPragmas = try await store.read { db in
            try (String.fetchOne(db, sql: "PRAGMA journal_mode"), Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        let writerPragmas = try await store.write { db in
            try (String.fetchOne(db, sql: "PRAGMA journal_mode"), Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(readerPragmas.0 == "wal" && readerPragmas.1 == 1)
        #expect(writerPragmas.0 == "wal" && writerPragmas.1 == 1)
    }

    @Test("a write that throws rolls back")
    func throwingWriteRollsBack() throws {
        struct Abandon: Error {}
        let store = try Store.temporary()
        #expect(throws: Abandon.self) {
            try store.write { db in
                try makeUser(db, login: "alice")
                throw Abandon()
            }
        }
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM user") } == 0)
    }

    @Test("errors show the SQL but never the bound values")
    func errorsHideBoundValues() throws {
        let store = try Store.temporary()
        try store.write { db in try makeUser(db, login: "s3cret-login") }
        let error = #expect(throws: DatabaseError.self) {
            try store.write { db in try makeUser(db, login: "s3cret-login") }
        }
        #expect(error?.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE)
        #expect(error?.description.contains("INSERT INTO user") == true)
        #expect(error?.description.contains("s3cret") == false)
    }

    @Test("a migrated store is healthy; one that was never migrated is not")
    func health() async throws {
        #expect(try await Store.temporary().isHealthy())
        let unmigrated = try Store(dataDirectory: scratch.directory("bare"), logger: logger)
        #expect(await unmigrated.isHealthy() == false)
    }

    @Test("the temporary store deletes its directory when it goes away")
    func temporaryStoreCleansUp() throws {
        var store: Store? = try Store.temporary()
        let directory = try #require(store).path.replacingOccurrences(of: "/capstan.sqlite", with: "")
        #expect(FileManager.default.fileExists(atPath: directory))
        store = nil
        #expect(FileManager.default.fileExists(atPath: directory) == false)
    }
}
