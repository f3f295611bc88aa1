import Core
import Foundation
import GRDB

/// A package version retention deleted, for the caller to remove its file once the transaction commits.
public struct RemovedPackage: Sendable, Equatable {
    public var id: Int64
    public var application: String
    public var version: String
    public var sha256: String
}

extension Database {
    /// Deletes, for every application, the versions `retention` lets go, each with a `package.delete`
    /// audit row by `system`. Call it inside one write transaction. A version any release row names
    /// (as its package or its previous package) is skipped: the foreign key would refuse, and release
    /// history must keep naming what it deployed. Files are not touched here.
    public func deleteExpiredPackages(retention: PackageRetention, now: Date) throws -> [RemovedPackage] {
        let since = PackageRetention.deployedSince(now: now).millisecondsSince1970
        var removed: [RemovedPackage] = []
        for row in try Row.fetchAll(prepared("SELECT id, name FROM application ORDER BY id")) {
            let applicationID: Int64 = row["id"]
            let versions = try Row.fetchAll(prepared("SELECT id, createdAt FROM package WHERE applicationID = ?"),
                                            arguments: [applicationID])
                .map { PackageRetention.Version(id: $0["id"], createdAt: $0.date("createdAt")) }
            guard versions.count > retention.keepCount else { continue }
            let deployed = try Set(Int64.fetchAll(prepared("SELECT packageID FROM release WHERE applicationID = ? AND (createdAt >= ? OR finishedAt IS NULL)"),
                arguments: [applicationID, since]))
            for id in retention.expired(versions, deployed: deployed) where try !isPackageInRelease(id) {
                removed.append(try deletePackage(id, application: row["name"], now: now))
            }
        }
        return removed
    }

    /// Whether any release row names the package, as what it deploys or what it replaced.
    public func isPackageInRelease(_ id: Int64) throws -> Bool {
        try Bool.fetchOne(prepared("SELECT EXISTS (SELECT 1 FROM release WHERE packageID = ?1 OR previousPackageID = ?1)"),
                          arguments: [id]) ?? false
    }

    private func deletePackage(_ id: Int64, application: String, now: Date) throws -> RemovedPackage {
        let row = try Row.fetchOne(prepared("SELECT version, sha256 FROM package WHERE id = ?"), arguments: [id])!
        let removed = RemovedPackage(id: id, application: application, version: row["version"], sha256: row["sha256"])
        try prepared("DELETE FROM package WHERE id = ?").execute(arguments: [id])
        try appendAudit(AuditEntry(
            at: now, actor: "system", action: "package.delete", targetType: "package", targetID: String(id),
            detail: ["application": .string(application), "version": .string(removed.version), "sha256": .string(removed.sha256)]))
        return removed
    }
}
