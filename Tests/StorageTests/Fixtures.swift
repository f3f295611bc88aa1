import GRDB

// Rows for schema tests, a default for every column that has no default of its own.
// Each returns the new row's id.

@discardableResult
func makeUser(_ db: Database, login: String = "alice", createdAt: Int64 = 1_700_000_000_000) throws -> Int64 {
    try db.execute(sql: "INSERT INTO user (login, createdAt) VALUES (?, ?)", arguments: [login, createdAt])
    return db.lastInsertedRowID
}

@discardableResult
func makeGroup(_ db: Database, name: String = "payments", parentID: Int64? = nil) throws -> Int64 {
    try db.execute(sql: "INSERT INTO productGroup (name, parentID) VALUES (?, ?)", arguments: [name, parentID])
    return db.lastInsertedRowID
}

@discardableResult
func makeEnvironment(_ db: Database, name: String = "staging", rank: Int = 2) throws -> Int64 {
    try db.execute(sql: "INSERT INTO environment (name, rank) VALUES (?, ?)", arguments: [name, rank])
    return db.lastInsertedRowID
}

@discardableResult
func makeMachine(
    _ db: Database, hostname: String = "web-01", groupID: Int64, environmentID: Int64, state: String = "active"
) throws -> Int64 {
    try db.execute(
        sql: "INSERT INTO machine (hostname, groupID, environmentID, state) VALUES (?, ?, ?, ?)",
        arguments: [hostname, groupID, environmentID, state])
    return db.lastInsertedRowID
}

@discardableResult
func makeApplication(_ db: Database, name: String = "checkout", groupID: Int64) throws -> Int64 {
    try db.execute(
        sql: "INSERT INTO application (groupID, name, runAs, installRoot) VALUES (?, ?, 'app', '/srv')",
        arguments: [groupID, name])
    return db.lastInsertedRowID
}

@discardableResult
func makePackage(
    _ db: Database, applicationID: Int64, version: String = "1.0.0", createdBy: Int64,
    sha256: String = String(repeating: "ab", count: 32)
) throws -> Int64 {
    try db.execute(
        sql: """
            INSERT INTO package (applicationID, version, sha256, size, storagePath, createdBy, createdAt)
            VALUES (?, ?, ?, 1024, ?, ?, 1700000000000)
            """,
        arguments: [applicationID, version, sha256, "packages/\(applicationID)/\(version).tar.gz", createdBy])
    return db.lastInsertedRowID
}

@discardableResult
func makeRelease(
    _ db: Database, applicationID: Int64, packageID: Int64, environmentID: Int64, requestedBy: Int64,
    finishedAt: Int64? = nil
) throws -> Int64 {
    try db.execute(
        sql: """
            INSERT INTO release (applicationID, packageID, environmentID, strategy, state, requestedBy,
                                 createdAt, finishedAt)
            VALUES (?, ?, ?, '{}', 'running', ?, 1700000000000, ?)
            """,
        arguments: [applicationID, packageID, environmentID, requestedBy, finishedAt])
    return db.lastInsertedRowID
}
