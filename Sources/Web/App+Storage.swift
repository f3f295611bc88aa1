import Foundation
import Logging
import Storage

// Every use of Storage by the composition root, in one file.
extension App {
    /// Opens the database in the data directory and applies pending migrations; any failure (a
    /// migration that does not apply names its file) stops start-up.
    static func openStore(_ configuration: Configuration, logger: Logger) throws(StartupError) -> Store {
        do {
            let store = try Store.open(at: URL(fileURLWithPath: configuration.dataDirectory),
                                       migrationsDirectory: URL(fileURLWithPath: configuration.migrationsDirectory),
                                       logger: logger)
            logger.info("database ready", metadata: ["path": "\(store.path)"])
            return store
        } catch {
            throw StartupError("cannot open the database in \(configuration.dataDirectory): \(error)")
        }
    }

    /// Opens the artifact store in the data directory and deletes what uploads a crash interrupted
    /// left in `artifacts/tmp/`; before any upload can begin, since the server is not listening yet.
    static func openArtifacts(_ configuration: Configuration, logger: Logger) throws(StartupError) -> ArtifactStore {
        do {
            let artifacts = try ArtifactStore(dataDirectory: URL(fileURLWithPath: configuration.dataDirectory))
            let removed = try artifacts.removeStaleUploads()
            if removed > 0 { logger.notice("removed \(removed) interrupted uploads from \(artifacts.directory.path)/tmp") }
            return artifacts
        } catch {
            throw StartupError("cannot open the artifact store in \(configuration.dataDirectory): \(error)")
        }
    }

    static func openJobLogs(_ configuration: Configuration) throws(StartupError) -> JobLogStore {
        do {
            return try JobLogStore(dataDirectory: URL(fileURLWithPath: configuration.dataDirectory))
        } catch {
            throw StartupError("cannot open the job logs in \(configuration.dataDirectory)/logs: \(error)")
        }
    }

    /// The database check `/healthz` runs: a cheap read that also proves migrations were applied.
    static func databaseCheck(_ store: Store) -> @Sendable () async -> Bool {
        { await store.isHealthy() }
    }

    /// `capstan migrate`: applies pending migrations, reporting each one applied, or that there was
    /// nothing to do.
    public static func migrate(configuration: Configuration, report: (String) -> Void) throws(StartupError) {
        var logger = Logger(label: "capstan.storage")
        // What was applied is the command's output; the store's own "applied" lines would repeat it.
        logger.logLevel = max(configuration.logLevel, .notice)
        do {
            let store = try Store(dataDirectory: URL(fileURLWithPath: configuration.dataDirectory), logger: logger)
            let applied = try Migrator(directory: URL(fileURLWithPath: configuration.migrationsDirectory), store: store).migrate()
            if applied.isEmpty { report("database is up to date") }
            for name in applied { report("applied \(name)") }
        } catch {
            throw StartupError("cannot migrate the database in \(configuration.dataDirectory): \(error)")
        }
    }
}
