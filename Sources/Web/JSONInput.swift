import Core
import Foundation
import HTTP

/// How the API reads JSON request bodies: a body that is not JSON is a 400 naming the problem; JSON
/// with a missing or mistyped field is a 422 naming the field.
enum JSONInput {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, decoder: JSONDecoder = JSONDecoder()) async throws -> T {
        let bytes = try await request.body.collect()
        guard !bytes.isEmpty else { throw HTTPError(.badRequest, "the body must be a JSON object") }
        do {
            return try decoder.decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw describe(error)
        }
    }

    static func describe(_ error: DecodingError) -> any Error {
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return AppError(.invalid, "\(field) is required", field: field)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return invalid(context)
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return invalid(context)
        case .dataCorrupted(let context):
            let detail = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return HTTPError(.badRequest, "malformed JSON: \(detail ?? context.debugDescription)")
        @unknown default:
            return HTTPError(.badRequest, "malformed JSON")
        }
    }

    private static func invalid(_ context: DecodingError.Context) -> AppError {
        let field = path(context.codingPath)
        return AppError(.invalid, "\(field): \(context.debugDescription)", field: field)
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
