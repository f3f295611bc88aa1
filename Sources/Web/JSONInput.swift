import Foundation
import HTTP

/// Reads a JSON request body into a `Decodable` value; anything malformed answers 400 with a message
/// that names the problem (the key at fault and what was expected), never a decoder's dump.
enum JSONInput {
    /// The largest JSON body an API write accepts.
    static let maxBytes = 64 * 1024

    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let bytes = try await request.body.collect(upTo: maxBytes)
        guard !bytes.isEmpty else { throw HTTPError(.badRequest, "the request body is empty; send a JSON object") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, describe(error))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the body" : keys.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "the body is not valid JSON"
        case .dataCorrupted(let context):
            return "\(path(context)) is malformed: \(context.debugDescription)"
        case .keyNotFound(let key, _):
            return "\(key.stringValue) is required"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context)) must be \(expected(type))"
        @unknown default:
            return "the body is not the JSON this endpoint expects"
        }
    }

    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type: "a whole number"
        case is [String: String].Type: "an object of strings"
        default: "a \(type)".lowercased()
        }
    }
}
