/// Which version of each application runs on how many hosts of each environment, and which hosts
/// are not on the expected one.
///
/// The hosts are an application's release targets as they stand now (the active machines of its
/// group, in their environment); a host's version is that of its newest succeeded job of the
/// application (a deploy or a rollback), nil when none succeeded. The expected version of an
/// application in an environment is its newest succeeded release's there (nil before the first):
/// a host differs when its version is not that one, so a host never deployed differs from an
/// environment that has one, and a host running something before any release there succeeded
/// differs too.
public struct VersionMap: Sendable, Equatable {
    /// One host and the version it runs.
    public struct Host: Sendable, Equatable {
        public var machineID: Int64
        public var hostname: String
        public var applicationID: Int64
        public var applicationName: String
        public var environmentID: Int64
        public var environmentName: String
        public var environmentRank: Int
        public var version: String?

        public init(machineID: Int64, hostname: String, applicationID: Int64, applicationName: String, environmentID: Int64,
                    environmentName: String, environmentRank: Int, version: String?) {
            self.machineID = machineID
            self.hostname = hostname
            self.applicationID = applicationID
            self.applicationName = applicationName
            self.environmentID = environmentID
            self.environmentName = environmentName
            self.environmentRank = environmentRank
            self.version = version
        }
    }

    public struct Key: Sendable, Hashable {
        public var applicationID: Int64
        public var environmentID: Int64

        public init(applicationID: Int64, environmentID: Int64) {
            self.applicationID = applicationID
            self.environmentID = environmentID
        }
    }

    /// One application in one environment.
    public struct Entry: Sendable, Equatable {
        public var applicationName: String
        public var environmentName: String
        public var environmentRank: Int
        public var expectedVersion: String?
        /// Versions with their host counts, most hosts first (nil: hosts with no version).
        public var versions: [VersionCount]
        /// Hosts not on the expected version, by hostname.
        public var differing: [Host]
        public var hostCount: Int
    }

    public struct VersionCount: Sendable, Equatable {
        public var version: String?
        public var hosts: Int

        public init(version: String?, hosts: Int) {
            self.version = version
            self.hosts = hosts
        }
    }

    /// By application name, then environment rank.
    public var entries: [Entry]

    public init(hosts: [Host], expected: [Key: String]) {
        let grouped = Dictionary(grouping: hosts) { Key(applicationID: $0.applicationID, environmentID: $0.environmentID) }
        entries = grouped.map { key, hosts in
            let expectedVersion = expected[key]
            let counts = Dictionary(grouping: hosts, by: \.version).map { VersionCount(version: $0.key, hosts: $0.value.count) }
            return Entry(applicationName: hosts[0].applicationName, environmentName: hosts[0].environmentName,
                         environmentRank: hosts[0].environmentRank, expectedVersion: expectedVersion,
                         versions: counts.sorted(by: Self.mostHostsFirst),
                         differing: hosts.filter { $0.version != expectedVersion }.sorted { ($0.hostname, $0.machineID) < ($1.hostname, $1.machineID) },
                         hostCount: hosts.count)
        }
        .sorted { ($0.applicationName, $0.environmentRank) < ($1.applicationName, $1.environmentRank) }
    }

    /// Most hosts first; a tie by version, hosts with none last.
    private static func mostHostsFirst(_ left: VersionCount, _ right: VersionCount) -> Bool {
        guard left.hosts == right.hosts else { return left.hosts > right.hosts }
        guard let leftVersion = left.version else { return false }
        guard let rightVersion = right.version else { return true }
        return leftVersion < rightVersion
    }
}
