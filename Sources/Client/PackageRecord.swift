/// A package version as the server describes it, in push answers and package lists.
///
/// Dates stay the RFC 3339 strings the server sends; the client only shows them.
public struct PackageRecord: Sendable, Decodable, Equatable {
    public var application: String
    public var version: String
    public var sha256: String
    public var size: Int64
    public var createdAt: String
    public var createdBy: String
    /// `commit`, `branch`, `buildURL`, `notes`, as given at push time; absent keys were not given.
    public var metadata: [String: String]

    public init(application: String, version: String, sha256: String, size: Int64,
                createdAt: String, createdBy: String, metadata: [String: String] = [:]) {
        self.application = application
        self.version = version
        self.sha256 = sha256
        self.size = size
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case application, version, sha256, size, createdAt, createdBy, metadata
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        application = try container.decode(String.self, forKey: .application)
        version = try container.decode(String.self, forKey: .version)
        sha256 = try container.decode(String.self, forKey: .sha256)
        size = try container.decode(Int64.self, forKey: .size)
        createdAt = try container.decodeIfPresent(String.self, forKey: .createdAt) ?? ""
        // A login, or an id while the server has no login to show; either is only displayed.
        if let login = try? container.decodeIfPresent(String.self, forKey: .createdBy) {
            createdBy = login
        } else {
            createdBy = (try? container.decodeIfPresent(Int64.self, forKey: .createdBy)).flatMap { $0.map(String.init) } ?? ""
        }
        let values = try container.decodeIfPresent([String: String?].self, forKey: .metadata) ?? [:]
        metadata = values.compactMapValues { $0 }
    }
}

/// One page of `GET /api/v1/applications/{app}/packages`, newest first.
public typealias PackagePage = Page<PackageRecord>
