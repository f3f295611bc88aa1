/// A configuration value that does not parse or is out of range, naming the flag or variable it came from.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `--port` or `CAPSTAN_PORT`.
    public let source: String
    public let value: String
    public let expected: String

    public var description: String {
        "invalid value \"\(value)\" for \(source): expected \(expected)"
    }
}
