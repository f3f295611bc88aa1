import Core
import Testing
@testable import Client

struct PackageMetadataTests {
    @Test func fillsFromGitHubActions() {
        let environment = ["GITHUB_SHA": "abc123", "GITHUB_REF_NAME": "main", "GITHUB_SERVER_URL": "https://github.com",
                           "GITHUB_REPOSITORY": "acme/web", "GITHUB_RUN_ID": "42"]
        let metadata = PackageMetadata().fillingFromCI(environment)
        #expect(metadata == PackageMetadata(commit: "abc123", branch: "main",
                                            buildURL: "https://github.com/acme/web/actions/runs/42"))
    }

    @Test func fillsFromGitLabCI() {
        let environment = ["CI_COMMIT_SHA": "def456", "CI_COMMIT_REF_NAME": "release", "CI_JOB_URL": "https://gitlab.test/j/7"]
        #expect(PackageMetadata().fillingFromCI(environment)
                == PackageMetadata(commit: "def456", branch: "release", buildURL: "https://gitlab.test/j/7"))
    }

    @Test("flags win over CI variables, and empty variables count as absent")
    func flagsWin() {
        let environment = ["GITHUB_SHA": "abc123", "GITHUB_REF_NAME": "", "CI_COMMIT_REF_NAME": "fallback"]
        let metadata = PackageMetadata(commit: "mine", notes: "n").fillingFromCI(environment)
        #expect(metadata == PackageMetadata(commit: "mine", branch: "fallback", notes: "n"))
    }

    @Test("headers carry only the values given, percent-encoded UTF-8")
    func headers() {
        let metadata = PackageMetadata(commit: "abc", notes: "fix: naïve 100% café\nline 2")
        let headers = metadata.headers.map { "\($0.name): \($0.value)" }
        #expect(headers == ["X-Capstan-Commit: abc",
                            "X-Capstan-Notes: fix%3A%20na%C3%AFve%20100%25%20caf%C3%A9%0Aline%202"])
    }
}
