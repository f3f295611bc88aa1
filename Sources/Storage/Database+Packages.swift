import Foundation
import Core
import GRDB

extension Package {
    init(row: Row) throws {
        self.init(id: row["id"], applicationID: row["applicationID"], version: row["version"], sha256: row["sha256"],
                  size: row["size"], storagePath: row["storagePath"], metadata: try row.json("metadata"),
                  createdBy: row["createdBy"], createdByLogin: row["createdByLogin"], createdAt: row.date("createdAt"))
    }
}

/// One page of an application's packages, newest first; `nextCursor` is the last id on it, nil on the
/// last page.
public struct PackagePage: Sendable, Equatable {
    public var packages: [Package]
    public var nextCursor: String?
}

extension Database {
    private static let packageSelect = """
        SELECT package.*, user.login AS createdByLogin FROM package JOIN user ON user.id = package.createdBy
        """

    /// Writes a package row. The caller has checked that the version is new (the UNIQUE constraint
    /// answers 409 otherwise) and that the file is in the store.
    public func insertPackage(_ draft: PackageDraft, now: Date) throws -> Package {
        try Package.validate(version: draft.version)
        try draft.metadata.validate()
        let taken = AppError(.conflict, "version \(draft.version) already exists with other contents", field: "version")
        try mappingUniqueViolations([("package.applicationID", taken)]) {
            try prepared("""
                    INSERT INTO package (applicationID, version, sha256, size, storagePath, metadata, createdBy, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [draft.applicationID, draft.version, draft.sha256, draft.size, draft.storagePath,
                            try jsonText(draft.metadata), draft.createdBy, now.millisecondsSince1970])
        }
        let id = lastInsertedRowID
        return try Package(row: try Row.fetchOne(self, sql: Self.packageSelect + " WHERE package.id = ?", arguments: [id])!)
    }

    /// The package with this id.
    public func package(id: Int64) throws -> Package {
        guard let row = try Row.fetchOne(self, sql: Self.packageSelect + " WHERE package.id = ?", arguments: [id]) else {
            throw AppError(.notFound, "no package with id \(id)")
        }
        return try Package(row: row)
    }

    /// The package `version` of an application, or nil.
    public func package(of applicationID: Int64, version: String) throws -> Package? {
        try Row.fetchOne(self, sql: Self.packageSelect + " WHERE package.applicationID = ? AND package.version = ?",
                         arguments: [applicationID, version]).map(Package.init(row:))
    }

    /// An application's packages, newest first, after the id `cursor` when given.
    public func packages(of applicationID: Int64, after cursor: Int64? = nil, limit: Int = 100) throws -> PackagePage {
        var rows = try Row.fetchAll(
            self, sql: Self.packageSelect + " WHERE package.applicationID = ? AND package.id < ? ORDER BY package.id DESC LIMIT ?",
            arguments: [applicationID, cursor ?? Int64.max, limit + 1]
        ).map(Package.init(row:))
        let hasMore = rows.count > limit
        if hasMore { rows.removeLast() }
        return PackagePage(packages: rows, nextCursor: hasMore ? rows.last.map { String($0.id) } : nil)
    }

    /// Whether any package row uses the file with this SHA-256.
    public func isArtifactInUse(sha256: String) throws -> Bool {
        try Bool.fetchOne(prepared("SELECT EXISTS (SELECT 1 FROM package WHERE sha256 = ?)"), arguments: [sha256]) ?? false
    }
}
