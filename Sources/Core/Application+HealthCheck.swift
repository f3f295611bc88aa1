// `HealthCheck` lives under the Application* name because applications are its only owner so far.

/// How an agent decides a freshly started release is healthy: an HTTP GET answering an expected
/// status, a TCP port accepting connections, or a command exiting 0; tried every `interval`
/// seconds, each try given `timeout` seconds, failing after `retries` further tries.
///
/// As JSON, a `type` names the probe and the rest are its fields:
/// `{"type":"http","url":"http://127.0.0.1:8080/healthz","expectedStatus":200,"interval":5,"timeout":2,"retries":3}`,
/// `{"type":"tcp","port":5432,…}`, `{"type":"command","command":"pg_isready",…}`. Omitted timing
/// fields take `Timing`'s defaults, an omitted `expectedStatus` 200.
public enum HealthCheck: Sendable, Equatable, Codable {
    case http(url: String, expectedStatus: Int, timing: Timing)
    case tcp(port: Int, timing: Timing)
    case command(String, timing: Timing)

    /// When and how often a probe runs, in whole seconds.
    public struct Timing: Sendable, Equatable, Codable {
        public var interval: Int
        public var timeout: Int
        public var retries: Int

        public init(interval: Int = 10, timeout: Int = 5, retries: Int = 3) {
            self.interval = interval
            self.timeout = timeout
            self.retries = retries
        }
    }

    public var type: String {
        switch self {
        case .http: "http"
        case .tcp: "tcp"
        case .command: "command"
        }
    }

    public var timing: Timing {
        switch self {
        case .http(_, _, let timing), .tcp(_, let timing), .command(_, let timing): timing
        }
    }

    /// Throws `AppError(.invalid)` naming the bad field under `field` (e.g. `healthCheck.port`).
    public func validate(field: String) throws(AppError) {
        switch self {
        case .http(let url, let expectedStatus, _):
            try ApplicationValidation.httpURL(url, field: "\(field).url")
            try check((100...599).contains(expectedStatus), "\(field).expectedStatus", "must be an HTTP status, 100 to 599")
        case .tcp(let port, _):
            try check((1...65535).contains(port), "\(field).port", "must be 1 to 65535")
        case .command(let command, _):
            try ApplicationValidation.command(command, field: "\(field).command", allowsEmpty: false)
        }
        try check((1...3600).contains(timing.interval), "\(field).interval", "must be 1 to 3600 seconds")
        try check((1...3600).contains(timing.timeout), "\(field).timeout", "must be 1 to 3600 seconds")
        try check((0...100).contains(timing.retries), "\(field).retries", "must be 0 to 100")
    }

    private func check(_ condition: Bool, _ field: String, _ message: String) throws(AppError) {
        try ApplicationValidation.require(condition, field, message)
    }

    // MARK: - JSON

    private enum CodingKeys: String, CodingKey {
        case type, url, expectedStatus, port, command, interval, timeout, retries
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Timing()
        let timing = Timing(
            interval: try container.decodeIfPresent(Int.self, forKey: .interval) ?? defaults.interval,
            timeout: try container.decodeIfPresent(Int.self, forKey: .timeout) ?? defaults.timeout,
            retries: try container.decodeIfPresent(Int.self, forKey: .retries) ?? defaults.retries)
        switch try container.decode(String.self, forKey: .type) {
        case "http":
            self = .http(url: try container.decode(String.self, forKey: .url),
                         expectedStatus: try container.decodeIfPresent(Int.self, forKey: .expectedStatus) ?? 200, timing: timing)
        case "tcp":
            self = .tcp(port: try container.decode(Int.self, forKey: .port), timing: timing)
        case "command":
            self = .command(try container.decode(String.self, forKey: .command), timing: timing)
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "must be http, tcp or command")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .http(let url, let expectedStatus, _):
            try container.encode(url, forKey: .url)
            try container.encode(expectedStatus, forKey: .expectedStatus)
        case .tcp(let port, _):
            try container.encode(port, forKey: .port)
        case .command(let command, _):
            try container.encode(command, forKey: .command)
        }
        try container.encode(timing.interval, forKey: .interval)
        try container.encode(timing.timeout, forKey: .timeout)
        try container.encode(timing.retries, forKey: .retries)
    }
}
