import Core
import Testing

struct VersionMapTests {
    static func host(_ id: Int64, _ name: String, app: Int64 = 1, env: Int64 = 1, rank: Int = 10, _ version: String?) -> VersionMap.Host {
        VersionMap.Host(machineID: id, hostname: name, applicationID: app, applicationName: app == 1 ? "web" : "api", environmentID: env,
                        environmentName: env == 1 ? "staging" : "production", environmentRank: rank, version: version)
    }

    @Test("versions by host count, and the hosts not on the expected version")
    func entries() {
        let hosts = [
            Self.host(1, "web-3", "2.0"), Self.host(2, "web-1", "2.0"), Self.host(3, "web-2", "1.9"), Self.host(4, "web-4", nil),
            Self.host(5, "web-5", "2.0"),
            Self.host(6, "prod-1", env: 2, rank: 20, "1.9"), Self.host(7, "prod-2", env: 2, rank: 20, "1.9"),
            Self.host(8, "api-1", app: 2, env: 2, rank: 20, nil),
        ]
        let map = VersionMap(hosts: hosts, expected: [VersionMap.Key(applicationID: 1, environmentID: 1): "2.0",
                                                      VersionMap.Key(applicationID: 1, environmentID: 2): "1.9"])
        #expect(map.entries.map { "\($0.applicationName)/\($0.environmentName)" } == ["api/production", "web/staging", "web/production"])
        let staging = map.entries[1]
        #expect(staging.expectedVersion == "2.0" && staging.hostCount == 5)
        #expect(staging.versions == [.init(version: "2.0", hosts: 3), .init(version: "1.9", hosts: 1), .init(version: nil, hosts: 1)])
        #expect(staging.differing.map(\.hostname) == ["web-2", "web-4"])
        #expect(map.entries[2].differing.isEmpty && map.entries[2].versions == [.init(version: "1.9", hosts: 2)])
        // Never released there and never deployed: nothing differs.
        #expect(map.entries[0].expectedVersion == nil && map.entries[0].differing.isEmpty)
    }

    @Test("before any release succeeded there, a host running something differs")
    func noExpectedVersion() {
        let map = VersionMap(hosts: [Self.host(1, "web-1", "1.0"), Self.host(2, "web-2", nil)], expected: [:])
        #expect(map.entries[0].differing.map(\.hostname) == ["web-1"])
    }
}
