import Foundation

/// How the server turns its own values into JSON bodies: compact, keys sorted (stable bytes for tests,
/// caches and diffs), slashes left alone.
enum JSONBody {
    /// Encodes a value the server built itself. Such values are plain strings and numbers, so a
    /// failure is a programmer error and traps.
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            preconditionFailure("cannot encode \(type(of: value)) as JSON: \(error)")
        }
    }

    /// `encode` as text, for server-sent event data.
    static func text(_ value: some Encodable) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }
}
