import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What `capstan export` asks for: the release history (`releases`, optionally per host) or the
/// audit trail, in a format, within a time window, optionally filtered. The server checks every
/// value; the CLI passes them on as they were typed.
public struct ExportRequest: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case releases, audit
    }

    public enum Format: String, Sendable, CaseIterable {
        case csv, json, ndjson
    }

    public var kind: Kind
    public var format: Format
    public var from: String?
    public var to: String?
    public var group: String?
    public var application: String?
    public var environment: String?
    /// One record per host and job instead of per release.
    public var perHost: Bool

    public init(kind: Kind, format: Format = .csv, from: String? = nil, to: String? = nil, group: String? = nil,
                application: String? = nil, environment: String? = nil, perHost: Bool = false) {
        self.kind = kind
        self.format = format
        self.from = from
        self.to = to
        self.group = group
        self.application = application
        self.environment = environment
        self.perHost = perHost
    }

    /// `/api/v1/exports/<kind>` and its query.
    var path: String { "/api/v1/exports/\(kind.rawValue)" }

    var query: [URLQueryItem] {
        let pairs: [(String, String?)] = [("format", format.rawValue), ("from", from), ("to", to), ("group", group),
                                          ("application", application), ("environment", environment),
                                          ("detail", perHost ? "hosts" : nil)]
        return pairs.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
    }
}
