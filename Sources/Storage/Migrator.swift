import Core
import Foundation
import GRDB

/// Applies the numbered `NNNN-name.sql` files of a migrations directory to a store, forward only.
///
/// Each pending file runs in its own transaction and is recorded by file name, with the time, in
/// `schemaMigration`; a file that fails is rolled back whole and named in the `MigrationError`.
/// It refuses to run when a name is malformed, two files share a number, a new file is numbered below
/// one already applied, or an applied file has disappeared.
///
/// Why not GRDB's `DatabaseMigrator`: it registers migrations in code by identifier, records no time,
/// and does not report a recorded migration whose file is gone. The part of it worth keeping is kept:
/// foreign keys are off while migrating (SQLite's table rebuilds would otherwise cascade deletes) and
/// `PRAGMA foreign_key_check` runs before each commit. Files must not contain `BEGIN`/`COMMIT`.
public struct Migrator: Sendable {
    static let trackingTable = "schemaMigration"

    /// Where the `.sql` files are.
    public let directory: URL
    private let store: Store

    public init(directory: URL, store: Store) {
        self.directory = directory
        self.store = store
    }

    /// The names of the files not yet applied, in the order `migrate()` would apply them.
    public func pendingMigrations() throws -> [String] {
        let files = try MigrationFile.list(in: directory)
        return try store.read { db in try Self.pending(files, applied: Self.appliedNames(db)) }.map(\.name)
    }

    /// The migrations recorded in the database, oldest first.
    public func appliedMigrations() throws -> [AppliedMigration] {
        try store.read { db in
            guard try db.tableExists(Self.trackingTable) else { return [] }
            return try Row.fetchAll(db, sql: "SELECT name, appliedAt FROM \(Self.trackingTable) ORDER BY name")
                .map { AppliedMigration(name: $0["name"], appliedAt: Date(millisecondsSince1970: $0["appliedAt"])) }
        }
    }

    /// Applies every pending file, each in its own transaction, and returns the names applied.
    @discardableResult
    public func migrate() throws -> [String] {
        let files = try MigrationFile.list(in: directory)
        return try store.pool.writeWithoutTransaction { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS \(Self.trackingTable) (
                    name TEXT PRIMARY KEY NOT NULL,
                    appliedAt INTEGER NOT NULL
                ) STRICT, WITHOUT ROWID
                """)
            let pending = try Self.pending(files, applied: Self.appliedNames(db))
            // The pragma is a no-op inside a transaction, hence here, around them all.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            let applied = Result {
                var names: [String] = []
                for file in pending where try apply(file, in: db) { names.append(file.name) }
                return names
            }
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            return try applied.get()
        }
    }

    /// Runs one file in an immediate transaction; false if another process applied it meanwhile.
    private func apply(_ file: MigrationFile, in db: Database) throws -> Bool {
        let sql = try file.contents()
        var didApply = false
        do {
            try db.inTransaction(.immediate) {
                guard try !Self.appliedNames(db).contains(file.name) else { return .commit }
                try db.execute(sql: sql)
                if let violation = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                    throw MigrationError.foreignKeyViolation(file: file.name, table: violation["table"])
                }
                try db.execute(
                    sql: "INSERT INTO \(Self.trackingTable) (name, appliedAt) VALUES (?, ?)",
                    arguments: [file.name, Date().millisecondsSince1970])
                didApply = true
                return .commit
            }
        } catch let error as DatabaseError {
            // SQLite's message only: a migration has no bound values, but the whole file as SQL is noise.
            throw MigrationError.failed(file: file.name, message: error.message ?? "\(error.resultCode)")
        }
        if didApply { store.logger.info("applied migration", metadata: ["migration": "\(file.name)"]) }
        return didApply
    }

    private static func appliedNames(_ db: Database) throws -> [String] {
        guard try db.tableExists(trackingTable) else { return [] }
        return try String.fetchAll(db, sql: "SELECT name FROM \(trackingTable) ORDER BY name")
    }

    /// The files not yet applied, after checking the directory still holds every applied one and no new
    /// file slots in below an applied one.
    static func pending(_ files: [MigrationFile], applied: [String]) throws(MigrationError) -> [MigrationFile] {
        let present = Set(files.map(\.name))
        if let missing = applied.first(where: { !present.contains($0) }) {
            throw .missingFile(missing)
        }
        let applied = Set(applied)
        let pending = files.filter { !applied.contains($0.name) }
        if let latest = files.last(where: { applied.contains($0.name) }),
           let early = pending.first(where: { $0.number < latest.number }) {
            throw .outOfOrder(early.name, below: latest.name)
        }
        return pending
    }
}
