import ArgumentParser
import Client
import Foundation

/// `capstan export releases|audit`: history for auditors, streamed to standard output.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the release history or the audit trail (CSV, JSON or NDJSON) to standard output.",
        discussion: """
            The export streams as the server reads it, so any length of history passes through without being \
            held: redirect it to a file. --from and --to take a date (2026-01-31, UTC) or an RFC 3339 time; \
            --from is included, --to excluded, a date --to means the end of that day. Exit status: 0 exported, \
            1 failed (nothing is written when the server refuses; a connection lost midway leaves the output \
            cut short), 64 a usage mistake.
            """,
        subcommands: [ExportReleases.self, ExportAudit.self])
}

extension ExportRequest.Format: ExpressibleByArgument {}

/// The flags both exports take.
struct ExportWindow: ParsableArguments {
    @Option(help: ArgumentHelp("csv, json or ndjson.", valueName: "format")) var format: ExportRequest.Format = .csv
    @Option(help: ArgumentHelp("From this date or time on (included).", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Up to this date or time (excluded; a date means its end).", valueName: "date")) var to: String?
}

/// `capstan export releases --from 2026-01-01 --format csv > releases.csv`.
struct ExportReleases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "releases", abstract: "Export one record per release (or, with --detail hosts, per host and job).")

    @OptionGroup var window: ExportWindow
    @Option(help: "Only this product group's releases (and its subgroups').") var group: String?
    @Option(help: "Only this application's releases.") var app: String?
    @Option(name: .customLong("env"), help: "Only releases to this environment.") var environment: String?
    @Option(help: ArgumentHelp("hosts: one record per host and job, with its times and outcome.", valueName: "hosts"))
    var detail: String?
    @OptionGroup(title: "Server") var client: ClientOptions

    func validate() throws {
        guard detail == nil || detail == "hosts" else { throw ValidationError("--detail takes only hosts") }
    }

    func run() async throws {
        try await streamExport(ExportRequest(kind: .releases, format: window.format, from: window.from, to: window.to, group: group,
                                             application: app, environment: environment, perHost: detail != nil), client: client)
    }
}

/// `capstan export audit --from 2026-01-01 --format ndjson > audit.ndjson`.
struct ExportAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Export the audit trail with each row's hashes (needs an admin's or auditor's token).")

    @OptionGroup var window: ExportWindow
    @OptionGroup(title: "Server") var client: ClientOptions

    func run() async throws {
        try await streamExport(ExportRequest(kind: .audit, format: window.format, from: window.from, to: window.to), client: client)
    }
}

private func streamExport(_ export: ExportRequest, client: ClientOptions) async throws {
    try await reportingFailures { () async throws(ClientError) in
        _ = try await client.makeClient(environment: ProcessInfo.processInfo.environment).export(export)
    }
}
