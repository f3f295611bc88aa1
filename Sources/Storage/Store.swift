import Foundation
import GRDB
import Logging
import Synchronization

/// Capstan's SQLite file: a GRDB `DatabasePool` in WAL mode, so reads run concurrently with the one writer.
///
/// Foreign keys are enforced on every connection. Every closure runs in a transaction: `write` commits
/// when the closure returns and rolls back when it throws; `read` sees one consistent snapshot.
/// The async variants suspend instead of blocking, so a server's cooperative threads never wait on
/// SQLite. Keep transactions short and free of network I/O: there is one writer.
public final class Store: Sendable {
    /// The database file's name inside the data directory.
    public static let fileName = "capstan.sqlite"

    /// The path of the database file.
    public let path: String
    let pool: DatabasePool
    let logger: Logger
    private let writes = Atomic<UInt64>(0)
    /// Removed when the store goes away; set only by `temporary()`.
    private let ownedDirectory: URL?

    /// Opens (creating if missing) the database in `dataDirectory` without applying migrations.
    ///
    /// Most callers want `open(at:migrationsDirectory:logger:)`; this one serves `capstan migrate`,
    /// which runs a `Migrator` itself and reports what it did.
    public convenience init(dataDirectory: URL, logger: Logger) throws {
        try self.init(dataDirectory: dataDirectory, logger: logger, ownedDirectory: nil)
    }

    init(dataDirectory: URL, logger: Logger, ownedDirectory: URL?) throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        path = dataDirectory.appendingPathComponent(Self.fileName).path
        pool = try DatabasePool(path: path, configuration: Self.configuration)
        self.logger = logger
        self.ownedDirectory = ownedDirectory
    }

    /// Opens the database in `dataDirectory` (creating both if missing) and applies pending migrations.
    public static func open(at dataDirectory: URL, migrationsDirectory: URL, logger: Logger) throws -> Store {
        let store = try Store(dataDirectory: dataDirectory, logger: logger)
        try Migrator(directory: migrationsDirectory, store: store).migrate()
        return store
    }

    deinit {
        guard let ownedDirectory else { return }
        try? pool.close()
        try? FileManager.default.removeItem(at: ownedDirectory)
    }

    // MARK: - Transactions

    /// Runs `body` in a read-only transaction, blocking the calling thread. For the CLI and tests.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// Runs `body` in a write transaction, blocking the calling thread. For the CLI and tests.
    @discardableResult
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        defer { writes.add(1, ordering: .sequentiallyConsistent) }
        return try pool.write(body)
    }

    /// Runs `body` in a read-only transaction on one of the reader connections, suspending meanwhile.
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }

    /// Runs `body` in a write transaction on the writer connection, suspending meanwhile.
    @discardableResult
    public func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await write(invalidatingCredentials: true, body)
    }

    /// A write that, with `invalidatingCredentials: false`, leaves `writeGeneration` alone: for
    /// writes that touch no user, token, session, membership or agent row (heartbeats, job
    /// progress, releases), so a fleet's steady stream of reports does not empty the credential cache.
    @discardableResult
    public func write<T: Sendable>(invalidatingCredentials: Bool, _ body: @Sendable (Database) throws -> T) async throws -> T {
        defer { if invalidatingCredentials { writes.add(1, ordering: .sequentiallyConsistent) } }
        return try await pool.write(body)
    }

    /// Counts write transactions through this store, bumped after each one ends. A value read
    /// before a read transaction and unchanged afterwards proves no write of this process came in
    /// between, which is what lets callers cache what they read (`Web`'s credential cache).
    public var writeGeneration: UInt64 { writes.load(ordering: .sequentiallyConsistent) }

    // MARK: - Configuration

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.label = "capstan"
        configuration.foreignKeysEnabled = true
        // The server is the only writer in practice; the timeout covers `capstan migrate` or a
        // sqlite3 shell holding the write lock for a moment.
        configuration.busyMode = .timeout(5)
        // Errors show the SQL, never the bound values (tokens, password hashes).
        configuration.publicStatementArguments = false
        return configuration
    }
}
