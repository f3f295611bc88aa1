/// The one error type that crosses layers: a small set of codes, each mapped to one HTTP status in Web.
///
/// Anything that is not an `AppError` is a bug or an outage: it is logged with context and answered
/// with 500 and a request id, never with a stack trace or SQL.
public struct AppError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable, CaseIterable {
        case invalid, notFound, conflict, unauthorized, forbidden, unavailable, tooLarge, tooManyRequests
    }

    public var code: Code
    public var message: String
    /// The input field the message is about, so forms can show it next to that field.
    public var field: String?

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
