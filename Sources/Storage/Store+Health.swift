import GRDB

extension Store {
    /// Whether the database answers a cheap query and has been migrated; for `/healthz`.
    ///
    /// A failure is logged here (the probe only needs a yes or no). Reads never wait for the writer in
    /// WAL mode, so a long write does not make the store look unhealthy.
    public func isHealthy() async -> Bool {
        do {
            let appliedCount = try await read { db in
                _ = try Int.fetchOne(db, sql: "SELECT 1")
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM \(Migrator.trackingTable)") ?? 0
            }
            return appliedCount > 0
        } catch {
            logger.warning("database health check failed", metadata: ["error": "\(error)"])
            return false
        }
    }
}
