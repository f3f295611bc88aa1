import Core
import ArgumentParser
import Client
import Foundation

/// `capstan push --app web --version 1.4.2 build/web.tar.gz`: uploads a package version for CI.
struct Push: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upload a package version (a .tar.gz) of an application.",
        discussion: """
            Without --commit, --branch and --build-url, they come from GitHub Actions (GITHUB_SHA, \
            GITHUB_REF_NAME, the run's URL) or GitLab CI (CI_COMMIT_SHA, CI_COMMIT_REF_NAME, CI_JOB_URL) \
            when those are set. Prints `pushed …`, or `already there: …` when the same bytes were pushed \
            before. Exit status: 0 pushed or already there, 1 failed, 3 the version exists with other \
            bytes, 64 a usage mistake.
            """)

    @Option(help: "The application's name.") var app: String
    @Option(help: "The version to create; versions are immutable.") var version: String
    @Argument(help: "The package file (.tar.gz).") var file: String
    @Option(help: "The commit the package was built from.") var commit: String?
    @Option(help: "The branch the package was built from.") var branch: String?
    @Option(help: "A link to the CI build.") var buildURL: String?
    @Option(help: "Free-form release notes.") var notes: String?
    @OptionGroup(title: "Server") var client: ClientOptions

    func run() async throws {
        try await reportingFailures { () async throws(ClientError) in
            let environment = ProcessInfo.processInfo.environment
            let metadata = PackageMetadata(commit: commit, branch: branch, buildURL: buildURL, notes: notes)
            let upload = try PackageUpload(application: app, version: version, file: file,
                                           metadata: metadata.fillingFromCI(environment))
            let outcome = try await client.makeClient(environment: environment).push(upload)
            print(outcome.summary)
        }
    }
}

/// The server flags every client command takes; `CAPSTAN_URL` and `CAPSTAN_TOKEN` stand in for them.
struct ClientOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The server's base URL (default: $CAPSTAN_URL).", valueName: "url")) var server: String?
    @Option(help: ArgumentHelp("An API token (default: $CAPSTAN_TOKEN).", valueName: "token")) var token: String?
    @Option(help: ArgumentHelp("Seconds a request may go without progress before it fails.", valueName: "seconds"))
    var timeout: Int = 60

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    /// A client for the server and token from the flags or `environment`; both are required.
    func makeClient(environment: [String: String]) throws(ClientError) -> APIClient {
        let settings: ClientEnvironment
        do {
            settings = try ClientEnvironment(serverURL: server, token: token, environment: environment)
        } catch {
            throw ClientError(.usage, error.message, field: error.field)
        }
        guard let token = settings.token, !token.isEmpty else {
            throw ClientError(.usage, "no token: pass --token or set CAPSTAN_TOKEN", field: "token")
        }
        return APIClient(environment: settings, timeout: .seconds(timeout))
    }
}

/// Runs a client command's work; a `ClientError` is printed as `capstan: …` on standard error and
/// becomes the process's exit status.
func reportingFailures<T>(_ work: () async throws(ClientError) -> T) async throws -> T {
    do {
        return try await work()
    } catch {
        FileHandle.standardError.write(Data("capstan: \(error)\n".utf8))
        throw ExitCode(error.exitCode)
    }
}
