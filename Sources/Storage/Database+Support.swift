import Core
import Foundation
import GRDB

// Helpers shared by the Database+Noun files: reading timestamps and JSON columns, and turning the
// constraint violations a call expects into AppErrors.

extension Database {
    /// `sql` compiled once per connection and kept for the next call. Compiling costs more than
    /// running most of these statements (SQLite's parser, and GRDB's authorizer called for every
    /// column a statement reads), and the agents' and the engine's statements run thousands of
    /// times a second. Only for SQL drawn from a fixed set: a literal, or one built from fixed
    /// names such as a table's; SQL built from the input would grow the cache without bound.
    func prepared(_ sql: String) throws -> Statement {
        try cachedStatement(sql: sql)
    }

    /// Runs `body`; a UNIQUE violation whose message names one of `conflicts`' columns (e.g.
    /// `"productGroup.name"`) becomes that AppError. Any other error passes through untouched.
    func mappingUniqueViolations<T>(_ conflicts: [(column: String, error: AppError)], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            let message = error.message ?? ""
            if let match = conflicts.first(where: { message.contains($0.column) }) { throw match.error }
            throw error
        }
    }

    /// Runs `body`; a foreign-key violation (a row still referenced) becomes `error`.
    func mappingForeignKeyViolations<T>(to conflict: AppError, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw conflict
        }
    }

    /// The row of `table` with `id`; `AppError(.notFound)` naming the noun when there is none.
    func row(in table: String, id: Int64, noun: String) throws -> Row {
        guard let row = try Row.fetchOne(prepared("SELECT * FROM \(table) WHERE id = ?"), arguments: [id]) else {
            throw AppError(.notFound, "no \(noun) with id \(id)")
        }
        return row
    }

    /// Throws `AppError(.notFound, field:)` unless `table` has a row with `id`.
    func requireRow(in table: String, id: Int64, noun: String, field: String? = nil) throws {
        let exists = try Bool.fetchOne(prepared("SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)"), arguments: [id])
        guard exists == true else { throw AppError(.notFound, "no \(noun) with id \(id)", field: field) }
    }

    /// Throws `AppError(.notFound)` unless the last statement changed a row.
    func requireChange(noun: String, id: Int64) throws {
        guard changesCount > 0 else { throw AppError(.notFound, "no \(noun) with id \(id)") }
    }
}

extension Row {
    func date(_ column: String) -> Date {
        Date(millisecondsSince1970: self[column] as Int64)
    }

    func optionalDate(_ column: String) -> Date? {
        (self[column] as Int64?).map(Date.init(millisecondsSince1970:))
    }

    /// A JSON column decoded as `T`; a column the schema let through but `T` cannot read is a bug.
    func json<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data((self[column] as String).utf8))
    }
}

/// JSON text for a column, with sorted keys so equal values store equally.
func jsonText(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
