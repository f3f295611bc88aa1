import Testing
@testable import Web

struct ConfigurationTests {
    @Test("uses the named defaults when nothing is set")
    func defaults() throws {
        let configuration = try Configuration.resolve(flags: [:], environment: [:])
        #expect(configuration == Configuration())
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.dataDirectory == "./capstan-data")
        #expect(configuration.publicDirectory == "./Public")
        #expect(configuration.resourcesDirectory == "./Resources")
        #expect(configuration.migrationsDirectory == "./migrations")
        #expect(configuration.logLevel == .info)
    }

    @Test("reads every setting from its environment variable")
    func environment() throws {
        let configuration = try Configuration.resolve(flags: [:], environment: [
            "CAPSTAN_HOST": "0.0.0.0", "CAPSTAN_PORT": "9000", "CAPSTAN_DATA": "/var/lib/capstan",
            "CAPSTAN_PUBLIC": "/srv/public", "CAPSTAN_RESOURCES": "/srv/resources", "CAPSTAN_MIGRATIONS": "/srv/migrations",
            "CAPSTAN_LOG_LEVEL": "DEBUG", "CAPSTAN_MAX_BODY": "512K", "CAPSTAN_HEADER_TIMEOUT": "500ms",
            "CAPSTAN_IDLE_TIMEOUT": "2m", "CAPSTAN_SHUTDOWN_GRACE": "0",
        ])
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.dataDirectory == "/var/lib/capstan")
        #expect(configuration.publicDirectory == "/srv/public")
        #expect(configuration.resourcesDirectory == "/srv/resources")
        #expect(configuration.migrationsDirectory == "/srv/migrations")
        #expect(configuration.logLevel == .debug)
        #expect(configuration.maxBodyBytes == 512 * 1024)
        #expect(configuration.headerTimeout == .milliseconds(500))
        #expect(configuration.idleTimeout == .seconds(120))
        #expect(configuration.shutdownGrace == .zero)
    }

    @Test("a flag wins over its environment variable; an empty variable counts as unset")
    func precedence() throws {
        let configuration = try Configuration.resolve(
            flags: [.port: "9001", .maxBody: "2M"],
            environment: ["CAPSTAN_PORT": "9000", "CAPSTAN_MAX_BODY": "nonsense", "CAPSTAN_HOST": "", "CAPSTAN_IDLE_TIMEOUT": "5"])
        #expect(configuration.port == 9001)
        #expect(configuration.maxBodyBytes == 2 << 20)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.idleTimeout == .seconds(5))
    }

    @Test("rejects a bad flag value naming the flag", arguments: [
        (Setting.port, "http"), (.port, "65536"), (.port, "-1"), (.port, "+80"), (.host, ""), (.host, "local host"),
        (.data, ""), (.logLevel, "verbose"), (.maxBody, "0"), (.maxBody, "1T"), (.maxBody, "99999999999G"),
        (.headerTimeout, "0s"), (.headerTimeout, "ten"), (.idleTimeout, "1.5s"), (.shutdownGrace, "-1s"),
        (.heartbeatInterval, "50ms"), (.heartbeatInterval, "2h"), (.offlineAfter, "25h"), (.offlineAfter, "soon"),
    ])
    func rejectsFlag(setting: Setting, value: String) {
        let error = #expect(throws: ConfigurationError.self) { try Configuration.resolve(flags: [setting: value], environment: [:]) }
        #expect(error?.source == setting.flag)
        #expect(error?.description.hasPrefix("invalid value \"\(value)\" for \(setting.flag): expected ") == true)
    }

    @Test("the offline threshold is three heartbeat intervals unless set")
    func offlineThreshold() throws {
        #expect(try Configuration.resolve(flags: [:], environment: [:]).offlineAfter == .seconds(30))
        #expect(try Configuration.resolve(flags: [.heartbeatInterval: "2s"], environment: [:]).offlineAfter == .seconds(6))
        let set = try Configuration.resolve(flags: [.heartbeatInterval: "2s"], environment: ["CAPSTAN_OFFLINE_AFTER": "1m"])
        #expect(set.offlineAfter == .seconds(60))
        #expect(set.heartbeatInterval == .seconds(2))
    }

    @Test("rejects a bad environment value naming the variable")
    func rejectsEnvironment() {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration.resolve(flags: [:], environment: ["CAPSTAN_PORT": "eighty"])
        }
        #expect(error?.description == #"invalid value "eighty" for CAPSTAN_PORT: expected a port number from 0 to 65535"#)
    }

    @Test("help names each setting's variable and default")
    func help() {
        #expect(Setting.port.help == "TCP port to listen on; 0 picks a free one (env CAPSTAN_PORT, default 8080)")
        #expect(Setting.maxBody.defaultText == "1M")
        #expect(Setting.idleTimeout.defaultText == "60s")
        #expect(Setting.logLevel.environmentVariable == "CAPSTAN_LOG_LEVEL")
        for setting in Setting.allCases {
            #expect(Setting.reference.contains("\(setting.flag) <\(setting.valueName)>, \(setting.environmentVariable): "))
        }
    }
}
