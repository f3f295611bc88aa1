import Core
import Logging

/// Everything `capstan serve` and `capstan migrate` need to know, with a named default for each field.
///
/// Built by `Configuration.resolve(flags:environment:)` (flags win over `CAPSTAN_*` variables, which win
/// over these defaults) or by hand in tests and `capstan-bench`. Paths are relative to the working
/// directory unless absolute; `Setting` describes each field for `--help` and the README.
public struct Configuration: Sendable, Equatable {
    /// The address to listen on; `0.0.0.0` or `::` to accept connections from other hosts.
    public var host = "127.0.0.1"
    /// The TCP port; 0 picks a free one (tests), which `App.start()` returns.
    public var port = 8080
    /// Where the SQLite file (`capstan.sqlite`) and artifacts live; created when missing.
    public var dataDirectory = "./capstan-data"
    /// Static files served under `/static/`.
    public var publicDirectory = "./Public"
    /// HTML templates (`*.mustache`), loaded once at start-up.
    public var resourcesDirectory = "./Resources"
    /// Numbered `.sql` files applied at start-up and by `capstan migrate`.
    public var migrationsDirectory = "./migrations"
    public var logLevel: Logger.Level = .info
    /// Largest request body a route accepts unless it sets its own limit (uploads do).
    public var maxBodyBytes = 1024 * 1024
    /// Largest package upload (`PUT …/packages/{version}`); larger answers 413.
    public var maxPackageBytes = 2 << 30
    /// Time a client has to send a complete request head.
    public var headerTimeout: Duration = .seconds(10)
    /// Time an idle keep-alive connection stays open.
    public var idleTimeout: Duration = .seconds(60)
    /// Time a graceful shutdown lets requests in flight finish.
    public var shutdownGrace: Duration = .seconds(10)
    /// Longest request line (414 past it), largest head (431), most header fields (431).
    public var maxRequestLine = 8 * 1024
    public var maxHeaderBytes = 64 * 1024
    public var maxHeaderCount = 100
    /// Slowest accepted request body once the grace period has passed (408 below it).
    public var minBodyBytesPerSecond = 1024
    /// Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed; none by default,
    /// so a directly exposed server cannot be lied to (docker/compose.yaml sets its nginx's range).
    public var trustedProxies = TrustedProxies.none
    /// Package versions retention keeps per application (`PackageRetention`), besides recently deployed ones.
    public var keepPackages = PackageRetention.defaultKeepCount
    /// How often agents heartbeat; the server tells them with every answer.
    public var heartbeatInterval: Duration = .seconds(10)
    /// The silence after which a machine counts as offline, as set; zero means three heartbeat
    /// intervals (`offlineAfter`), so changing the interval alone keeps "three missed heartbeats".
    public var offlineAfterSetting: Duration = .zero

    /// The offline threshold in force.
    public var offlineAfter: Duration { offlineAfterSetting > .zero ? offlineAfterSetting : heartbeatInterval * 3 }

    public init() {}
}
