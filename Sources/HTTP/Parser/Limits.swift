/// Every bound the server puts on a client, with named defaults. All are configurable.
public struct Limits: Sendable, Equatable {
    /// Longest request line (method, target, version); longer answers 414.
    public var maxRequestLine = 8 * 1024
    /// Largest header block, request line included; larger answers 431.
    public var maxHeaderBytes = 64 * 1024
    /// Most header fields in one request; more answers 431.
    public var maxHeaderCount = 100
    /// Largest request body unless a route allows more; larger answers 413.
    public var maxBodyBytes = 1024 * 1024
    /// Longest chunk-size line, extensions included, and longest trailer section.
    public var maxChunkLine = 4 * 1024
    /// Time allowed from the first byte of a request to the end of its header block (408).
    public var headerTimeout: Duration = .seconds(10)
    /// Time an idle keep-alive connection is kept open waiting for its next request.
    public var idleTimeout: Duration = .seconds(60)
    /// Slowest accepted body upload, in bytes per second, measured after `bodyRateGrace`.
    public var minBodyBytesPerSecond = 1024
    /// Time a body upload may run before the rate check starts; also the longest silence between reads.
    public var bodyRateGrace: Duration = .seconds(10)
    /// Time a response write may stay blocked on a client that does not read.
    public var writeTimeout: Duration = .seconds(60)

    public init() {}
}
