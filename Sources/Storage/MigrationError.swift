/// Why the migrator refused to start or stopped; each description names the file concerned.
///
/// A failed migration has been rolled back whole: the database is as it was before that file, and the
/// files applied before it stay applied.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The directory (or a file in it) could not be read.
    case unreadable(path: String, reason: String)
    /// A file whose name is not `NNNN-lowercase-name.sql`.
    case badFileName(String)
    /// Two files with the same number.
    case duplicateNumber(String, String)
    /// A migration recorded as applied whose file is no longer in the directory.
    case missingFile(String)
    /// A new file numbered below one already applied (usually two branches merged with clashing numbers).
    case outOfOrder(String, below: String)
    /// SQLite rejected the file.
    case failed(file: String, message: String)
    /// The file left rows that break a foreign key (checked because keys are off while migrating).
    case foreignKeyViolation(file: String, table: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read migrations at \(path): \(reason)"
        case .badFileName(let name):
            "migration file name \"\(name)\" does not match NNNN-name.sql "
                + "(four digits, a dash, then lowercase letters, digits and dashes)"
        case .duplicateNumber(let first, let second):
            "migrations \(first) and \(second) have the same number"
        case .missingFile(let name):
            "migration \(name) was applied to this database but its file is missing; refusing to start"
        case .outOfOrder(let name, let applied):
            "migration \(name) is new but numbered below \(applied), which is already applied; renumber it"
        case .failed(let file, let message):
            "migration \(file) failed: \(message)"
        case .foreignKeyViolation(let file, let table):
            "migration \(file) failed: it leaves rows in \(table) that break a foreign key"
        }
    }
}
