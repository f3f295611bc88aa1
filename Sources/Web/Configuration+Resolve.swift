import Core
import Foundation
import Logging

extension Configuration {
    /// The configuration from command-line flags and the environment: a flag wins over its
    /// `CAPSTAN_*` variable, which wins over the default. An empty variable counts as unset.
    ///
    /// Every value is validated here; the error names the flag or variable it came from.
    public static func resolve(flags: [Setting: String],
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> Configuration {
        var configuration = Configuration()
        for setting in Setting.allCases {
            if let value = flags[setting] {
                try configuration.apply(value, to: setting, from: setting.flag)
            } else if let value = environment[setting.environmentVariable], !value.isEmpty {
                try configuration.apply(value, to: setting, from: setting.environmentVariable)
            }
        }
        return configuration
    }

    private mutating func apply(_ text: String, to setting: Setting, from source: String) throws(ConfigurationError) {
        func invalid(_ expected: String) -> ConfigurationError {
            ConfigurationError(source: source, value: text, expected: expected)
        }
        switch setting {
        case .host:
            guard !text.isEmpty, !text.contains(where: \.isWhitespace) else { throw invalid("a host name or IP address") }
            host = text
        case .port:
            guard let value = ValueParser.wholeNumber(text), (0...65535).contains(value) else { throw invalid("a port number from 0 to 65535") }
            port = value
        case .data, .publicDirectory, .resources, .migrations:
            guard !text.isEmpty, !text.contains("\0") else { throw invalid("a directory path") }
            setDirectory(text, for: setting)
        case .logLevel:
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw invalid("one of " + Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
            }
            logLevel = level
        case .maxBody, .maxPackageSize:
            guard let bytes = ValueParser.bytes(text), bytes > 0 else { throw invalid("a positive size such as 1048576, 512K or 1M") }
            if setting == .maxBody { maxBodyBytes = bytes } else { maxPackageBytes = bytes }
        case .headerTimeout, .idleTimeout:
            guard let duration = ValueParser.duration(text), duration > .zero else { throw invalid("a positive duration such as 10s, 500ms or 2m") }
            if setting == .headerTimeout { headerTimeout = duration } else { idleTimeout = duration }
        case .shutdownGrace:
            guard let duration = ValueParser.duration(text) else { throw invalid("a duration such as 10s, 500ms or 0s") }
            shutdownGrace = duration
        case .maxRequestLine, .maxHeaderBytes:
            guard let bytes = ValueParser.bytes(text), bytes >= 256 else { throw invalid("a size of at least 256 bytes, such as 8K") }
            if setting == .maxRequestLine { maxRequestLine = bytes } else { maxHeaderBytes = bytes }
        case .maxHeaderCount, .minBodyRate:
            guard let value = ValueParser.wholeNumber(text), value >= (setting == .minBodyRate ? 0 : 1) else {
                throw invalid(setting == .minBodyRate ? "a whole number of bytes per second (0 turns the check off)" : "a positive whole number")
            }
            if setting == .maxHeaderCount { maxHeaderCount = value } else { minBodyBytesPerSecond = value }
        case .trustedProxies:
            guard let proxies = TrustedProxies(text) else { throw invalid("comma-separated IP addresses or CIDR ranges, such as 172.16.0.0/12,::1") }
            trustedProxies = proxies
        case .keepPackages:
            guard let value = ValueParser.wholeNumber(text), PackageRetention.keepCountRange.contains(value) else {
                throw invalid("a whole number from 1 to 10000")
            }
            keepPackages = value
        case .heartbeatInterval:
            guard let duration = ValueParser.duration(text), duration >= .milliseconds(100), duration <= .seconds(3600) else {
                throw invalid("a duration from 100ms to 1h, such as 10s")
            }
            heartbeatInterval = duration
        case .offlineAfter:
            guard let duration = ValueParser.duration(text), duration <= .seconds(86_400) else {
                throw invalid("a duration up to 24h, such as 30s (0s: three heartbeat intervals)")
            }
            offlineAfterSetting = duration
        }
    }

    private mutating func setDirectory(_ path: String, for setting: Setting) {
        switch setting {
        case .data: dataDirectory = path
        case .publicDirectory: publicDirectory = path
        case .resources: resourcesDirectory = path
        default: migrationsDirectory = path
        }
    }
}
