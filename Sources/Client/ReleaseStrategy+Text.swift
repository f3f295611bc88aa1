import Core
import Foundation

extension ReleaseStrategy {
    /// The strategy `--strategy` gives as JSON (`{"batchSize":"25%","pause":"afterFirst"}`; omitted
    /// keys take their defaults), checked as the server checks it (Core refuses keys a strategy does
    /// not have), but before anything is sent and with a usage mistake's exit status.
    public init(json text: String) throws(ClientError) {
        let fields: [String: JSONValue]
        do {
            fields = try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))
        } catch {
            throw ClientError(.usage, "--strategy is not a strategy object: \(Self.describe(error))", field: "strategy")
        }
        // Core refuses it too; said here in the flag's terms.
        if let unknown = fields.keys.sorted().first(where: { !Self.keys.contains($0) }) {
            throw ClientError(.usage, "--strategy has no key \"\(unknown)\"; it takes \(Self.keys.joined(separator: ", "))",
                              field: "strategy")
        }
        do {
            self = try JSONDecoder().decode(ReleaseStrategy.self, from: Data(text.utf8))
        } catch {
            throw ClientError(.usage, "--strategy is not a strategy object: \(Self.describe(error))", field: "strategy")
        }
        do {
            try validate(field: "strategy")
        } catch {
            throw ClientError(.usage, "--strategy: \(error.message)", field: error.field)
        }
    }

    private static func describe(_ error: any Error) -> String {
        let context: DecodingError.Context
        switch error as? DecodingError {
        case .dataCorrupted(let found)?, .typeMismatch(_, let found)?, .valueNotFound(_, let found)?, .keyNotFound(_, let found)?:
            context = found
        default:
            return "\(error)"
        }
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
    }
}
