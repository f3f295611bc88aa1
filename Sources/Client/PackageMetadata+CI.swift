import Core

/// Core's package metadata as the CLI fills and sends it: from CI variables, as `X-Capstan-*` headers.
extension PackageMetadata {
    /// The values flags did not give, filled from the CI system's variables: GitHub Actions
    /// (`GITHUB_SHA`, `GITHUB_REF_NAME`, the run's URL) or GitLab CI (`CI_COMMIT_SHA`,
    /// `CI_COMMIT_REF_NAME`, `CI_JOB_URL`). Flags always win; empty variables count as absent.
    public func fillingFromCI(_ environment: [String: String]) -> PackageMetadata {
        func first(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        var githubRun: String?
        if let server = first("GITHUB_SERVER_URL"), let repository = first("GITHUB_REPOSITORY"), let run = first("GITHUB_RUN_ID") {
            githubRun = "\(server)/\(repository)/actions/runs/\(run)"
        }
        return PackageMetadata(commit: commit ?? first("GITHUB_SHA", "CI_COMMIT_SHA"),
                               branch: branch ?? first("GITHUB_REF_NAME", "CI_COMMIT_REF_NAME"),
                               buildURL: buildURL ?? githubRun ?? first("CI_JOB_URL"),
                               notes: notes)
    }

    /// The request headers for the values present, percent-encoded UTF-8 (header values are ASCII).
    public var headers: [(name: String, value: String)] {
        [("X-Capstan-Commit", commit), ("X-Capstan-Branch", branch),
         ("X-Capstan-Build-URL", buildURL), ("X-Capstan-Notes", notes)]
            .compactMap { name, value in value.map { (name, APIClient.escape($0)) } }
    }
}
