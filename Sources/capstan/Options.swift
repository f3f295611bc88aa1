import ArgumentParser
import Logging
import Web

/// The flags only a running server reads. Values stay strings: `Configuration.resolve` validates them,
/// so flags and environment variables get the same checks and messages.
struct ServerOptions: ParsableArguments {
    @Option(name: .customLong(Setting.host.rawValue), help: help(.host)) var host: String?
    @Option(name: .customLong(Setting.port.rawValue), help: help(.port)) var port: String?
    @Option(name: .customLong(Setting.publicDirectory.rawValue), help: help(.publicDirectory)) var publicDirectory: String?
    @Option(name: .customLong(Setting.resources.rawValue), help: help(.resources)) var resources: String?
    @Option(name: .customLong(Setting.maxBody.rawValue), help: help(.maxBody)) var maxBody: String?
    @Option(name: .customLong(Setting.maxPackageSize.rawValue), help: help(.maxPackageSize)) var maxPackageSize: String?
    @Option(name: .customLong(Setting.headerTimeout.rawValue), help: help(.headerTimeout)) var headerTimeout: String?
    @Option(name: .customLong(Setting.idleTimeout.rawValue), help: help(.idleTimeout)) var idleTimeout: String?
    @Option(name: .customLong(Setting.shutdownGrace.rawValue), help: help(.shutdownGrace)) var shutdownGrace: String?
    @Option(name: .customLong(Setting.maxRequestLine.rawValue), help: help(.maxRequestLine)) var maxRequestLine: String?
    @Option(name: .customLong(Setting.maxHeaderBytes.rawValue), help: help(.maxHeaderBytes)) var maxHeaderBytes: String?
    @Option(name: .customLong(Setting.maxHeaderCount.rawValue), help: help(.maxHeaderCount)) var maxHeaderCount: String?
    @Option(name: .customLong(Setting.minBodyRate.rawValue), help: help(.minBodyRate)) var minBodyRate: String?
    @Option(name: .customLong(Setting.trustedProxies.rawValue), help: help(.trustedProxies)) var trustedProxies: String?
    @Option(name: .customLong(Setting.keepPackages.rawValue), help: help(.keepPackages)) var keepPackages: String?
    @Option(name: .customLong(Setting.heartbeatInterval.rawValue), help: help(.heartbeatInterval)) var heartbeatInterval: String?
    @Option(name: .customLong(Setting.offlineAfter.rawValue), help: help(.offlineAfter)) var offlineAfter: String?

    var values: [Setting: String] {
        [.host: host, .port: port, .publicDirectory: publicDirectory, .resources: resources, .maxBody: maxBody,
         .maxPackageSize: maxPackageSize,
         .headerTimeout: headerTimeout, .idleTimeout: idleTimeout, .shutdownGrace: shutdownGrace,
         .maxRequestLine: maxRequestLine, .maxHeaderBytes: maxHeaderBytes, .maxHeaderCount: maxHeaderCount,
         .minBodyRate: minBodyRate, .trustedProxies: trustedProxies, .keepPackages: keepPackages,
         .heartbeatInterval: heartbeatInterval, .offlineAfter: offlineAfter].compactMapValues { $0 }
    }
}

/// The flags of `Setting.storage`, shared by `serve` and `migrate`.
struct StorageOptions: ParsableArguments {
    @Option(name: .customLong(Setting.data.rawValue), help: help(.data)) var data: String?
    @Option(name: .customLong(Setting.migrations.rawValue), help: help(.migrations)) var migrations: String?
    @Option(name: .customLong(Setting.logLevel.rawValue), help: help(.logLevel)) var logLevel: String?

    var values: [Setting: String] {
        [.data: data, .migrations: migrations, .logLevel: logLevel].compactMapValues { $0 }
    }
}

private func help(_ setting: Setting) -> ArgumentHelp {
    ArgumentHelp(setting.help, valueName: setting.valueName)
}

/// The configuration from `flags` and the process environment; a bad value is a usage error.
func resolveConfiguration(flags: [Setting: String]) throws -> Web.Configuration {
    do {
        return try Web.Configuration.resolve(flags: flags)
    } catch {
        throw ValidationError(error.description)
    }
}

/// Logs go to standard error at the configured level; the only logging bootstrap in Capstan.
func bootstrapLogging(level: Logger.Level) {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}
