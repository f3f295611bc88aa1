/// One configurable field of `Configuration`: its flag, its environment variable, its help text.
///
/// The single description of every setting, so `capstan --help`, the resolver's error messages and
/// the README's configuration reference cannot drift apart.
public enum Setting: String, CaseIterable, Sendable {
    case host, port, data
    case publicDirectory = "public"
    case resources, migrations
    case logLevel = "log-level"
    case maxBody = "max-body"
    case maxPackageSize = "max-package-size"
    case headerTimeout = "header-timeout"
    case idleTimeout = "idle-timeout"
    case shutdownGrace = "shutdown-grace"
    case maxRequestLine = "max-request-line"
    case maxHeaderBytes = "max-header-bytes"
    case maxHeaderCount = "max-header-count"
    case minBodyRate = "min-body-rate"
    case trustedProxies = "trusted-proxies"
    case keepPackages = "keep-packages"
    case heartbeatInterval = "heartbeat-interval"
    case offlineAfter = "offline-after"

    /// The settings `capstan migrate` reads; the others only matter to a running server.
    public static let storage: [Setting] = [.data, .migrations, .logLevel]

    /// `--port`
    public var flag: String { "--" + rawValue }

    /// `CAPSTAN_PORT`
    public var environmentVariable: String {
        "CAPSTAN_" + rawValue.uppercased().replacing("-", with: "_")
    }

    /// One line for `--help`: what it is, its variable and its default.
    public var help: String {
        "\(summary) (env \(environmentVariable), default \(defaultText))"
    }

    /// What the value should look like, for help and error messages.
    public var valueName: String {
        switch self {
        case .host: "address"
        case .port: "port"
        case .data, .publicDirectory, .resources, .migrations: "directory"
        case .logLevel: "level"
        case .maxBody, .maxPackageSize, .maxRequestLine, .maxHeaderBytes: "bytes"
        case .maxHeaderCount, .keepPackages: "count"
        case .minBodyRate: "bytes-per-second"
        case .headerTimeout, .idleTimeout, .shutdownGrace, .heartbeatInterval, .offlineAfter: "duration"
        case .trustedProxies: "addresses"
        }
    }

    var summary: String {
        switch self {
        case .host: "Address to listen on"
        case .port: "TCP port to listen on; 0 picks a free one"
        case .data: "Data directory holding capstan.sqlite and artifacts"
        case .publicDirectory: "Directory of static files served under /static/"
        case .resources: "Directory of HTML templates"
        case .migrations: "Directory of numbered .sql migrations"
        case .logLevel: "Log level: trace, debug, info, notice, warning, error or critical"
        case .maxBody: "Largest request body, in bytes or with a K, M or G suffix"
        case .maxPackageSize: "Largest package upload, in bytes or with a K, M or G suffix; larger answers 413"
        case .headerTimeout: "Time allowed to receive a request head, like 10s or 500ms"
        case .idleTimeout: "Time an idle keep-alive connection stays open, like 60s or 2m"
        case .shutdownGrace: "Time a graceful shutdown waits for requests in flight, like 10s"
        case .maxRequestLine: "Longest request line; longer answers 414"
        case .maxHeaderBytes: "Largest request head; larger answers 431"
        case .maxHeaderCount: "Most header fields in one request; more answers 431"
        case .minBodyRate: "Slowest accepted upload after a 10 s grace, in bytes per second; slower answers 408"
        case .trustedProxies: "Reverse proxies (IP addresses or CIDR ranges, comma-separated) whose X-Forwarded-For and X-Forwarded-Proto are believed"
        case .keepPackages: "Package versions kept per application, from 1 to 10000, besides those deployed in the last 30 days"
        case .heartbeatInterval: "How often agents report, like 10s; sent to every agent with each heartbeat"
        case .offlineAfter: "Silence after which a machine counts as offline, like 30s; 0s means three heartbeat intervals"
        }
    }

    /// The default, as a user would type it.
    public var defaultText: String {
        let defaults = Configuration()
        switch self {
        case .host: return defaults.host
        case .port: return String(defaults.port)
        case .data: return defaults.dataDirectory
        case .publicDirectory: return defaults.publicDirectory
        case .resources: return defaults.resourcesDirectory
        case .migrations: return defaults.migrationsDirectory
        case .logLevel: return defaults.logLevel.rawValue
        case .maxBody: return ValueParser.format(bytes: defaults.maxBodyBytes)
        case .maxPackageSize: return ValueParser.format(bytes: defaults.maxPackageBytes)
        case .headerTimeout: return ValueParser.format(defaults.headerTimeout)
        case .idleTimeout: return ValueParser.format(defaults.idleTimeout)
        case .shutdownGrace: return ValueParser.format(defaults.shutdownGrace)
        case .maxRequestLine: return ValueParser.format(bytes: defaults.maxRequestLine)
        case .maxHeaderBytes: return ValueParser.format(bytes: defaults.maxHeaderBytes)
        case .maxHeaderCount: return String(defaults.maxHeaderCount)
        case .minBodyRate: return String(defaults.minBodyBytesPerSecond)
        case .trustedProxies: return defaults.trustedProxies.description
        case .keepPackages: return String(defaults.keepPackages)
        case .heartbeatInterval: return ValueParser.format(defaults.heartbeatInterval)
        case .offlineAfter: return ValueParser.format(defaults.offlineAfter)
        }
    }

    /// The configuration reference: one line per setting, for `capstan --help` and the README.
    public static var reference: String {
        allCases.map { "\($0.flag) <\($0.valueName)>, \($0.environmentVariable): \($0.summary) (default \($0.defaultText))" }
            .joined(separator: "\n")
    }
}
