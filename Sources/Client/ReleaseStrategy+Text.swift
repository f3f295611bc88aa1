import Core
import Foundation

extension ReleaseStrategy {
    /// The keys a strategy's JSON may have, taken from what it writes.
    static let keys: Set<String> = {
        guard let data = try? JSONEncoder().encode(ReleaseStrategy()),
              case .object(let fields)? = try? JSONDecoder().decode(JSONValue.self, from: data) else { return [] }
        return Set(fields.keys)
    }()

    /// The strategy `--strategy` gives as JSON (`{"batchSize":"25%","pause":"afterFirst"}`; omitted
    /// keys take their defaults, as on the server), checked as the server would check it. A
    /// misspelt key is refused here, where the server would ignore it.
    public init(json text: String) throws(ClientError) {
        let fields: [String: JSONValue]
        do {
            fields = try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))
            self = try JSONDecoder().decode(ReleaseStrategy.self, from: Data(text.utf8))
        } catch {
            throw ClientError(.usage, "--strategy is not a strategy object: \(Self.describe(error))", field: "strategy")
        }
        if let unknown = fields.keys.sorted().first(where: { !Self.keys.contains($0) }) {
            throw ClientError(.usage, "--strategy has no key \"\(unknown)\"; it takes \(Self.keys.sorted().joined(separator: ", "))",
                              field: "strategy")
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
