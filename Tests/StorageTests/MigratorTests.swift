import Foundation
import GRDB
import Logging
import Testing
@testable import Storage

struct MigratorTests {
    let scratch: ScratchDirectory
    let store: Store
    let migrator: Migrator

    init() throws {
        scratch = try ScratchDirectory()
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        store = try Store(dataDirectory: scratch.directory("data"), logger: logger)
        migrator = try Migrator(directory: scratch.directory("migrations"), store: store)
    }

    private func add(_ name: String, _ sql: String) throws {
        try scratch.write(sql, to: name, in: "migrations")
    }

    private func tableExists(_ name: String) throws -> Bool {
        try store.read { db in try db.tableExists(name) }
    }

    @Test("applies pending files in number order and reports their names")
    func appliesInOrder() throws {
        try add("0002-add-b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY, aID INTEGER REFERENCES a (id));")
        try add("0001-add-a.sql", "-- makes a\nCREATE TABLE a (id INTEGER PRIMARY KEY);")
        #expect(try migrator.pendingMigrations() == ["0001-add-a.sql", "0002-add-b.sql"])

        #expect(try migrator.migrate() == ["0001-add-a.sql", "0002-add-b.sql"])
        #expect(try tableExists("a") && tableExists("b"))
        #expect(try migrator.pendingMigrations().isEmpty)

        try add("0003-add-c.sql", "CREATE TABLE c (id INTEGER PRIMARY KEY);")
        #expect(try migrator.pendingMigrations() == ["0003-add-c.sql"])
        #expect(try migrator.migrate() == ["0003-add-c.sql"])
    }

    @Test("records each file by name with the time it was applied")
    func recordsNameAndTime() throws {
        try add("0001-add-a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);")
        let before = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        try migrator.migrate()
        let applied = try migrator.appliedMigrations()
        #expect(applied.map(\.name) == ["0001-add-a.sql"])
        #expect(try #require(applied.first).appliedAt >= before)
        #expect(try #require(applied.first).appliedAt <= Date())
    }

    @Test("a failing file is rolled back whole, named in the error, and not recorded")
    func failingMigrationRollsBack() throws {
        try add("0001-add-a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);")
        try add("0002-add-b.sql", """
            -- a valid statement, then a typo
            CREATE TABLE b (id INTEGER PRIMARY KEY);
            CREAT TABLE c (id INTEGER PRIMARY KEY);
            """)

        let error = #expect(throws: MigrationError.self) { try migrator.migrate() }
        #expect(error == .failed(file: "0002-add-b.sql", message: #"near "CREAT": syntax error"#))
        #expect(error?.description == #"migration 0002-add-b.sql failed: near "CREAT": syntax error"#)
        #expect(try tableExists("a"))
        #expect(try !tableExists("b"))
        #expect(try migrator.appliedMigrations().map(\.name) == ["0001-add-a.sql"])
        #expect(try migrator.pendingMigrations() == ["0002-add-b.sql"])
    }

    @Test("a file that breaks a foreign key is rolled back")
    func foreignKeyViolationRollsBack() throws {
        try add("0001-add-a.sql", """
            CREATE TABLE a (id INTEGER PRIMARY KEY);
            CREATE TABLE b (id INTEGER PRIMARY KEY, aID INTEGER NOT NULL REFERENCES a (id));
            """)
        try add("0002-orphan.sql", "INSERT INTO b (id, aID) VALUES (1, 42);")

        #expect(throws: MigrationError.foreignKeyViolation(file: "0002-orphan.sql", table: "b")) {
            try migrator.migrate()
        }
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM b") } == 0)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
        #expect(try store.write { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
    }

    @Test("refuses a file name that is not NNNN-name.sql", arguments: [
        "1-short.sql", "00001-five-digits.sql", "0001_underscore.sql", "0001-Upper.sql", "0001-.sql",
        "0001-name.SQL", "0001-name.sql.bak", "0001-name.txt", "notes.txt", "0001-ünïcode.sql",
    ])
    func refusesBadName(_ name: String) throws {
        try add("0001-good.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);")
        try add(name, "SELECT 1;")

        let error = #expect(throws: MigrationError.badFileName(name)) { try migrator.migrate() }
        #expect(error?.description.contains("\"\(name)\"") == true)
        #expect(try !tableExists("a"))
    }

    @Test("skips hidden files and Markdown notes")
    func skipsHiddenFilesAndNotes() throws {
        try add(".DS_Store", "junk")
        try add("README.md", "# Migrations")
        try add("0001-add-a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);")
        #expect(try migrator.migrate() == ["0001-add-a.sql"])
    }

    @Test("refuses two files with the same number, naming both")
    func refusesDuplicateNumbers() throws {
        try add("0001-add-a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);")
        try add("0002-add-b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);")
        try add("0002-add-c.sql", "CREATE TABLE c (id INTEGER PRIMARY KEY);")

        let error = #expect(throws: MigrationError.duplicateNumber("0002-add-b.sql", "0002-add-c.sql")) {
            try migrator.migrate()
        }
        #expect(error?.description == "migrations 0002-add-b.sql and 0002-add-c.sql have the same number")
        #expect(try !tableExists("a"))
    }

    @Test("refuses to start when an applied file has disappeared")
    func refusesMissingAppliedFile() throws {
        try add("0001-add-a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);")
        try add("0002-add-b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);")
        try migrator.migrate()
        try scratch.remove("0002-add-b.sql", in: "migrations")
        try add("0003-add-c.sql", "CREATE TABLE c (id INTEGER PRIMARY KEY);")

        let error = #expect(throws: MigrationError.missingFile("0002-add-b.sql")) { try migrator.migrate() }
        #expect(error?.description.contains("0002-add-b.sql") == true)
        #expect(throws: MigrationError.missingFile("0002-add-b.sql")) { try migrator.pendingMigrations() }
        #expect(try !tableExists("c"))
        #expect(throws: MigrationError.missingFile("0002-add-b.sql")) {
            try Store.open(at: scratch.directory("data"), migrationsDirectory: migrator.directory, logger: store.logger)
        }
    }

    @Test("refuses a new file numbered below one already applied")
    func refusesOutOfOrderFile() throws {
        try add("0001-add-a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);")
        try add("0003-add-c.sql", "CREATE TABLE c (id INTEGER PRIMARY KEY);")
        try migrator.migrate()
        try add("0002-add-b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);")

        #expect(throws: MigrationError.outOfOrder("0002-add-b.sql", below: "0003-add-c.sql")) {
            try migrator.migrate()
        }
        #expect(try !tableExists("b"))
    }

    @Test("says which directory it cannot read")
    func refusesMissingDirectory() throws {
        let missing = scratch.url.appendingPathComponent("nowhere")
        let error = #expect(throws: MigrationError.self) { try Migrator(directory: missing, store: store).migrate() }
        #expect(error?.description.hasPrefix("cannot read migrations at \(missing.path)") == true)
    }
}
