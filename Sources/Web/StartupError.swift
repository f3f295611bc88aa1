/// Why the server refused to start: a database that cannot be opened or migrated, a template that is
/// missing or does not parse, a directory that is not there. The message names the file at fault.
public struct StartupError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
