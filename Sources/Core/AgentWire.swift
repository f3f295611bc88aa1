import Foundation

/// The JSON conventions of the agent protocol (DESIGN "Agent protocol"), shared by the server and
/// `capstan-agent` so both sides encode exactly alike: dates as RFC 3339 UTC with milliseconds,
/// ids as numbers (this protocol is between our own programs), keys sorted for stable bodies.
public enum AgentWire {
    /// Every agent route lives under this prefix and authenticates with the agent's own token.
    public static let pathPrefix = "/agent/v1"
    /// The header carrying the agent process's session id on job polls (see `AgentSession`).
    public static let sessionHeader = "X-Capstan-Agent-Session"
    /// The longest long poll a server parks, in seconds.
    public static let maximumWait = 60

    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format(date))
        }
        return encoder
    }

    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 date: \(text.prefix(40))")
            }
            return date
        }
        return decoder
    }

    /// `2026-12-02T10:00:00.123Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    /// Accepts RFC 3339 with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text) { return date }
        return try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text)
    }
}
